package dev.cairn.examples.hello;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Component;

/**
 * The classic microservice demo over HTTP: {@code GET /} answers {@code Hello Cairn!}, {@code GET /oscheck}
 * the operating system's name. A servlet on the OSGi whiteboard: it is served whenever the node's HTTP is
 * on, and costs nothing when it is off. Plain whiteboard properties rather than the property-type
 * annotations: those also make the bundle require an HTTP implementation, and hello runs without one.
 */
@Component(service = Servlet.class, property = {"osgi.http.whiteboard.servlet.name=hello",
        "osgi.http.whiteboard.servlet.pattern=/", "osgi.http.whiteboard.servlet.pattern=/oscheck"})
public final class HelloHttp extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String GREETING = "Hello Cairn!";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // "/" is the whiteboard's default servlet: it sees every path nobody else serves, and answers only its own
        String body = switch (req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo())) {
            case "/", "" -> GREETING;
            case "/oscheck" -> osName();
            default -> null;
        };
        if (body == null) {
            resp.sendError(404);
            return;
        }
        resp.setContentType("text/plain");
        resp.setCharacterEncoding("UTF-8");
        resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    static String osName() {
        return System.getProperty("os.name");
    }
}
