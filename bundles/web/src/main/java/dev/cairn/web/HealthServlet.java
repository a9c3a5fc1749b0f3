package dev.cairn.web;

import dev.cairn.observe.Health;
import dev.cairn.observe.HealthReport;
import dev.cairn.observe.NodeHealth;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /health} and {@code /health/ready}: 200 when the node is ready, else 503; {@code /health/live}: 200
 * while it is live. The body names every check and the reason of each that is DOWN or DEGRADED; a DEGRADED
 * check (an open circuit breaker) leaves the node ready, with {@code "status": "DEGRADED"}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("cairn-health")
@HttpWhiteboardServletPattern({"/health", "/health/*"})
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient NodeHealth health;

    @Activate
    public HealthServlet(@Reference NodeHealth health) {
        this.health = health;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String sub = req.getPathInfo() == null ? "/" : req.getPathInfo();
        HealthReport r = health.report();
        boolean ok;
        switch (sub) {
            case "/", "/ready" -> ok = r.ready();
            case "/live" -> ok = r.live();
            default -> {
                Json.error(resp, 404, "no such health endpoint: /health" + sub + " (try /health, /health/live, /health/ready)", null);
                return;
            }
        }
        Json.write(resp, ok ? 200 : 503, body(r));
    }

    static Map<String, Object> body(HealthReport r) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean degraded = r.checks().stream().anyMatch(c -> c.status() == Health.Status.DEGRADED);
        out.put("status", !r.ready() ? "DOWN" : degraded ? "DEGRADED" : "UP");
        out.put("live", r.live());
        out.put("ready", r.ready());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (HealthReport.Check c : r.checks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("status", c.status().name());
            if (c.reason() != null) m.put("reason", c.reason());
            m.put("liveness", c.liveness());
            checks.add(m);
        }
        out.put("checks", checks);
        return out;
    }
}
