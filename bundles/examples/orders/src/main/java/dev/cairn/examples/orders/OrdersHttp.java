package dev.cairn.examples.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.examples.shop.api.Order;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The order service over HTTP. {@code POST /api/orders} with {@code {"item", "cents"}} places an order on the
 * bus (201, {@code Location: /api/orders/<id>}, status PENDING); {@code GET /api/orders/<id>} tells how it
 * went. Errors are JSON {@code {"error", "field"}}: 400 naming the bad field, 404, 405, 415.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("orders")
@HttpWhiteboardServletPattern({"/api/orders", "/api/orders/*"})
public final class OrdersHttp extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 16 * 1024;

    private final transient OrderService orders;

    @Activate
    public OrdersHttp(@Reference OrderService orders) {
        this.orders = orders;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getPathInfo() != null && !req.getPathInfo().equals("/")) {
            error(resp, 405, "POST goes to /api/orders", null);
            return;
        }
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            error(resp, 415, "send the order as application/json, not " + (type == null ? "nothing" : type), null);
            return;
        }
        if (req.getContentLengthLong() > MAX_BODY) {
            error(resp, 413, "an order is at most " + MAX_BODY + " bytes", null);
            return;
        }
        OrderRequest r;
        try {
            byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                error(resp, 413, "an order is at most " + MAX_BODY + " bytes", null);
                return;
            }
            JsonNode node;
            try {
                node = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                error(resp, 400, "the body is not JSON: " + e.getOriginalMessage(), null);
                return;
            }
            r = OrderRequest.parse(node);
        } catch (OrderRequest.BadInput e) {
            error(resp, 400, e.getMessage(), e.field);
            return;
        }
        Order order = new Order("web-" + UUID.randomUUID().toString().substring(0, 8), r.item(), r.cents());
        orders.place(order);
        resp.setHeader("Location", "/api/orders/" + order.id());
        write(resp, 201, view(orders.status(order.id()).orElse(new OrderStatus(order, OrderStatus.PENDING, null))));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String info = req.getPathInfo();
        if (info == null || info.equals("/")) {
            error(resp, 405, "GET an order by its id: /api/orders/<id>", null);
            return;
        }
        String id = info.substring(1);
        Optional<OrderStatus> s = orders.status(id);
        if (s.isEmpty()) {
            error(resp, 404, "no order " + id, "id");
            return;
        }
        write(resp, 200, view(s.get()));
    }

    static Map<String, Object> view(OrderStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.order().id());
        m.put("item", s.order().item());
        m.put("cents", s.order().cents());
        m.put("status", s.status());
        if (s.reason() != null) m.put("reason", s.reason());
        return m;
    }

    private static void error(HttpServletResponse resp, int status, String message, String field) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        m.put("field", field);
        write(resp, status, m);
    }

    private static void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        JSON.writeValue(resp.getOutputStream(), body);
    }
}
