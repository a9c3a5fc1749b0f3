package dev.cairn.examples.shop.api;

/** The payment service's answer to an order, also published on {@link ShopTopics#PAYMENTS_DONE}. */
public record Authorization(String orderId, boolean approved, String reason) {
}
