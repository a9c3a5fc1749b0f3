package dev.cairn.examples.greenhouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cairn.bus.api.Bus;
import dev.cairn.bus.api.BusException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/climate}: the climate aggregator's current statistics as JSON. It asks the aggregator
 * over the bus ({@value GreenhouseTopics#CLIMATE_NOW}), so it answers on any node whose HTTP is on, wherever
 * the aggregator runs; 503 when none runs, 504 when it does not answer in time.
 */
@Component(service = Servlet.class, property = {"osgi.http.whiteboard.servlet.name=greenhouse-climate",
        "osgi.http.whiteboard.servlet.pattern=/api/climate"})
public final class ClimateHttp extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Duration ASK = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final transient Bus bus;

    @Activate
    public ClimateHttp(@Reference Bus bus) {
        this.bus = bus;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            List<?> climate = bus.request(GreenhouseTopics.CLIMATE_NOW, "now", List.class, ASK).toCompletableFuture()
                    .get(ASK.toMillis() + 500, TimeUnit.MILLISECONDS);
            write(resp, 200, Map.of("climate", climate));
        } catch (ExecutionException e) {
            boolean none = e.getCause() instanceof BusException b && b.reason() == BusException.Reason.NO_HANDLER;
            write(resp, none ? 503 : 502, Map.of("error", none ? "no climate aggregator runs in this fleet" : String.valueOf(e.getCause().getMessage())));
        } catch (TimeoutException e) {
            write(resp, 504, Map.of("error", "the climate aggregator did not answer within " + ASK.toMillis() + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            write(resp, 503, Map.of("error", "interrupted"));
        }
    }

    private static void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        JSON.writeValue(resp.getOutputStream(), body);
    }
}
