package dev.cairn.examples.orders;

import dev.cairn.examples.shop.api.Order;

/** An order and where it stands: {@code PENDING}, {@code APPROVED}, {@code DECLINED} or {@code FAILED} (with the reason). */
public record OrderStatus(Order order, String status, String reason) {
    static final String PENDING = "PENDING";
    static final String APPROVED = "APPROVED";
    static final String DECLINED = "DECLINED";
    static final String FAILED = "FAILED";
}
