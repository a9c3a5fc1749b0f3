package dev.cairn.examples.shop.api;

/** The topics of the shop example. */
public final class ShopTopics {
    public static final String ORDERS_NEW = "orders/new";
    public static final String PAYMENTS_AUTHORIZE = "payments/authorize";
    public static final String PAYMENTS_DONE = "payments/done";

    private ShopTopics() {
    }
}
