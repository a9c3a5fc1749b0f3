package dev.cairn.web;

import dev.cairn.bus.api.Bus;
import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import dev.cairn.management.api.Operations;
import dev.cairn.observe.NodeHealth;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard at {@code /cairn/}: one static page and its JSON API under {@code /cairn/api/}. Every API
 * call but the login needs a session; every POST also the session's CSRF token in {@code X-CSRF-Token}.
 * Bundles and configurations go through the management agent's {@link Operations} when it runs (one
 * implementation, one masking rule for both front ends).
 */
@Component(service = Servlet.class, configurationPid = Pids.WEB, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardServletName("cairn-dashboard")
@HttpWhiteboardServletPattern({"/cairn", "/cairn/*"})
@HttpWhiteboardServletAsyncSupported
public final class Dashboard extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String COOKIE = "cairn_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    private static final Pattern BUNDLE_ACTION = Pattern.compile("/api/bundles/([0-9]+)/(start|stop)");
    private static final Map<String, String> STATIC = Map.of("/", "index.html", "/app.js", "app.js", "/app.css", "app.css");
    private static final int LOG_LINES = 200;
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private final transient Auth auth;
    private final transient NodeHealth health;
    private final transient Events events;
    private final transient Operations operations;

    @Activate
    public Dashboard(WebConfig config, @Reference Operations operations,
                     @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) NodeHealth health,
                     @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) Bus bus) {
        this.auth = new Auth(config._admin_password(), config.demo(), config.http_host(), Duration.ofMinutes(Math.max(1, config.session_minutes())), Clock.systemUTC());
        this.operations = operations;
        this.health = health;
        this.events = bus == null ? null : new Events(bus);
        if (auth.unavailable() != null && config._admin_password().isEmpty()) LOG.info("dashboard: {}", auth.unavailable());
        else if (auth.unavailable() != null) LOG.warn("dashboard: {}", auth.unavailable());   // a password set, but unusable
        else if (config._admin_password().isEmpty()) LOG.warn("dashboard: demo mode, the demo password is accepted on {}", config.http_host());
        else if (!auth.hashed()) LOG.warn("dashboard: .admin.password in conf/dev.cairn.web.cfg is kept as text; "
                + "keep a hash there instead: bin/cairnctl hash-password --to conf/dev.cairn.web.cfg");
    }

    @Deactivate
    void deactivate() {
        if (events != null) events.close();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = path(req);
        securityHeaders(resp);
        if (path.isEmpty()) {
            resp.sendRedirect(req.getContextPath() + "/cairn/");
            return;
        }
        if (STATIC.containsKey(path)) {
            staticFile(resp, STATIC.get(path));
            return;
        }
        if (path.equals("/api/session")) {
            Map<String, Object> body = new LinkedHashMap<>();
            Optional<Auth.Session> s = session(req);
            body.put("authenticated", s.isPresent());
            s.ifPresent(x -> body.put("csrf", x.csrf()));
            body.put("loginUnavailable", auth.unavailable());
            Json.write(resp, 200, body);
            return;
        }
        Optional<Auth.Session> s = session(req);
        if (s.isEmpty()) {
            Json.error(resp, 401, "log in first", null);
            return;
        }
        try {
            switch (path) {
                case "/api/node" -> Json.write(resp, 200, ops("node.info", Map.of()));
                case "/api/bundles" -> Json.write(resp, 200, ops("bundles.list", Map.of()));
                case "/api/configs" -> Json.write(resp, 200, ops("config.list", Map.of()));
                case "/api/health" -> {
                    if (health == null) Json.error(resp, 503, "no health service", null);
                    else Json.write(resp, 200, HealthServlet.body(health.report()));
                }
                case "/api/logs" -> Json.write(resp, 200, logLines(req));
                case "/api/readings" -> Json.write(resp, 200, events == null ? Map.of() : events.recent());
                case "/api/events" -> stream(req, resp);
                default -> Json.error(resp, 404, "no such resource: /cairn" + path, null);
            }
        } catch (OperationException e) {
            operationFailed(resp, e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = path(req);
        securityHeaders(resp);
        if (!sameOrigin(req)) {
            Json.error(resp, 403, "cross-origin request refused", null);
            return;
        }
        if (path.equals("/api/login")) {
            login(req, resp);
            return;
        }
        Optional<Auth.Session> s = session(req);
        if (s.isEmpty()) {
            Json.error(resp, 401, "log in first", null);
            return;
        }
        if (!Auth.csrfMatches(s.get(), req.getHeader(CSRF_HEADER))) {
            Json.error(resp, 403, "missing or wrong " + CSRF_HEADER + " header", CSRF_HEADER);
            return;
        }
        if (path.equals("/api/logout")) {
            auth.logout(s.get().token());
            resp.addHeader("Set-Cookie", COOKIE + "=; Path=/cairn; Max-Age=0; HttpOnly; SameSite=Strict");
            Json.write(resp, 200, Map.of("loggedOut", true));
            return;
        }
        Matcher m = BUNDLE_ACTION.matcher(path);
        if (m.matches()) {
            try {
                Json.write(resp, 200, ops("bundles." + m.group(2), Map.of("bundle", m.group(1))));
            } catch (OperationException e) {
                operationFailed(resp, e);
            }
            return;
        }
        Json.error(resp, 404, "no such action: /cairn" + path, null);
    }

    private void login(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String type = req.getContentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            Json.error(resp, 415, "send the password as application/json: {\"password\": \"...\"}", null);
            return;
        }
        String password;
        try {
            Map<?, ?> body = Json.MAPPER.readValue(req.getInputStream(), Map.class);
            Object p = body == null ? null : body.get("password");
            password = p instanceof String str ? str : null;
        } catch (IOException | RuntimeException e) {
            Json.error(resp, 400, "the body is not a JSON object", null);
            return;
        }
        if (password == null) {
            Json.error(resp, 400, "password is missing", "password");
            return;
        }
        Auth.Outcome o = auth.login(req.getRemoteAddr(), password);
        if (o instanceof Auth.LoggedIn in) {
            String secure = req.isSecure() ? "; Secure" : "";
            resp.addHeader("Set-Cookie", COOKIE + "=" + in.session().token() + "; Path=/cairn; HttpOnly; SameSite=Strict" + secure);
            LOG.info("dashboard: login from {}", req.getRemoteAddr());
            Json.write(resp, 200, Map.of("csrf", in.session().csrf()));
        } else if (o instanceof Auth.Refused r) {
            LOG.warn("dashboard: failed login from {}", req.getRemoteAddr());
            Json.error(resp, 401, r.message(), "password");
        } else if (o instanceof Auth.Throttled t) {
            resp.setHeader("Retry-After", Long.toString(t.retryAfterSeconds()));
            Json.error(resp, 429, "too many failed logins; try again in " + t.retryAfterSeconds() + " s", null);
        } else if (o instanceof Auth.Unavailable u) {
            Json.error(resp, 403, u.message(), null);
        }
    }

    private void stream(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (events == null) {
            Json.error(resp, 503, "no bus: no readings to stream", null);
            return;
        }
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Accel-Buffering", "no");
        AsyncContext ctx = req.startAsync();
        if (!events.open(ctx)) {
            resp.setStatus(503);
            ctx.complete();
        }
    }

    private Object ops(String op, Map<String, ?> args) throws OperationException {
        return operations.call(op, args);
    }

    private static void operationFailed(HttpServletResponse resp, OperationException e) throws IOException {
        int status = e.code() == ErrorCode.NOT_FOUND ? 404
                : e.code() == ErrorCode.BAD_REQUEST || e.code() == ErrorCode.INVALID_CONFIG ? 400
                : e.code() == ErrorCode.UNKNOWN_OP ? 501 : e.code() == ErrorCode.BUSY ? 503 : 500;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("code", e.code().name());
        if (e.field() != null) body.put("field", e.field());
        Json.write(resp, status, body);
    }

    /**
     * The node's recent log, from the same source as {@code cairnctl logs}: the {@code node.logs} op over the
     * launcher's ring, filtered by the panel's {@code level} and {@code grep}. A node started without Cairn's
     * launcher keeps no ring: the panel says so instead of failing.
     */
    private Map<String, Object> logLines(HttpServletRequest req) throws OperationException {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("limit", LOG_LINES);
        String level = req.getParameter("level");
        if (level != null && !level.isBlank()) args.put("level", level);
        String grep = req.getParameter("grep");
        if (grep != null && !grep.isEmpty()) args.put("grep", grep);
        try {
            return asMap(ops("node.logs", args));
        } catch (OperationException e) {
            if (e.code() != ErrorCode.FAILED) throw e;
            return Map.of("lines", List.of(), "unavailable", e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    private Optional<Auth.Session> session(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) return Optional.empty();
        for (Cookie c : cookies) if (COOKIE.equals(c.getName())) return auth.session(c.getValue());
        return Optional.empty();
    }

    /** A browser names the page that sent a POST in Origin; it must be this server. Tools that send none pass. */
    static boolean sameOrigin(HttpServletRequest req) {
        String origin = req.getHeader("Origin");
        if (origin == null) return true;
        String host = req.getHeader("Host");
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    private static String path(HttpServletRequest req) {
        String servletPath = req.getServletPath() == null ? "" : req.getServletPath();
        String info = req.getPathInfo() == null ? "" : req.getPathInfo();
        String full = servletPath + info;
        return full.startsWith("/cairn") ? full.substring("/cairn".length()) : info;
    }

    private static void securityHeaders(HttpServletResponse resp) {
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("X-Frame-Options", "DENY");
    }

    private void staticFile(HttpServletResponse resp, String name) throws IOException {
        try (InputStream in = Dashboard.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                Json.error(resp, 404, "missing resource " + name, null);
                return;
            }
            resp.setStatus(200);
            resp.setContentType(name.endsWith(".html") ? "text/html" : name.endsWith(".js") ? "text/javascript" : "text/css");
            resp.setCharacterEncoding("UTF-8");
            resp.setHeader("Cache-Control", "no-cache");
            in.transferTo(resp.getOutputStream());
        }
    }
}
