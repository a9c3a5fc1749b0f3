package dev.cairn.examples.shop.api;

/** An order placed, published on {@link ShopTopics#ORDERS_NEW} and sent to {@link ShopTopics#PAYMENTS_AUTHORIZE}. */
public record Order(String id, String item, long cents) {
}
