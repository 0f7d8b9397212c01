package io.continuityhub.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;

/**
 * Answers an ingress request the hub will not read to its end (over its sender's rate, too slow,
 * too large, no room to buffer it) in the error shape of API.md, and closes its connection.
 *
 * <p>The answer always ends the request asynchronously, with {@code Connection: close}: Tomcat
 * then drops the connection once the answer is out. Answered on the request thread instead,
 * Tomcat would first swallow the unread rest of the body on that thread, with blocking reads
 * (up to {@code server.tomcat.max-swallow-size}), so a slow sender would hold a Tomcat thread
 * for as long as it cares to dribble.
 */
final class IngressRefusals {

    private static final Logger log = LoggerFactory.getLogger(IngressRefusals.class);

    private final ObjectMapper json;
    private final MeterRegistry meters;

    IngressRefusals(ObjectMapper json, MeterRegistry meters) {
        this.json = json;
        this.meters = meters;
    }

    /**
     * Answers and closes. {@code async} is the request's async context when its body is being
     * read, or null on the request thread, which then starts one to end the request on.
     */
    void refuse(HttpServletRequest request, HttpServletResponse response, AsyncContext async, int status,
                ApiError error, long retryAfterSeconds) {
        counter(error.error()).increment();
        log.debug("{} {} from {} refused with {} {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr(),
                status, error.error());
        AsyncContext context = async != null ? async : request.startAsync();
        try {
            if (!response.isCommitted()) {
                response.resetBuffer();
                response.setStatus(status);
                response.setHeader("Connection", "close");
                if (retryAfterSeconds > 0) {
                    response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
                }
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                byte[] body = json.writeValueAsBytes(error);
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("could not answer a refused ingress request; its connection closes all the same", e);
        } finally {
            context.complete();
        }
    }

    private Counter counter(String reason) {
        return Counter.builder("hub.ingress.refused")
                .description("public ingress requests refused before their body was read to the end")
                .tag("reason", reason)
                .register(meters);
    }
}
