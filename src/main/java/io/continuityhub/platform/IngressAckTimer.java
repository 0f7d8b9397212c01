package io.continuityhub.platform;

import io.continuityhub.kernel.LatencyHistograms;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code hub_ingress_ack_seconds{ingress, outcome}}: how long a channel waits for the hub's answer
 * to a message it posts, from the request's start until the answer is complete, per HTTP ingress
 * (touchpoint, whatsapp, carrier) and status class (2xx, 4xx, 5xx). Measured here, outermost on
 * the public ingress, so it is the same clock for all three and includes the body's reading, the
 * refusals and the route; a request that goes asynchronous (the body is read without a thread,
 * {@link IngressBodyReader}, then the route answers) is timed until its async cycle completes.
 */
final class IngressAckTimer implements Filter {

    static final String METRIC = "hub.ingress.ack";
    private static final Map<String, String> INGRESS_BY_PATH = Map.of(
            "/api/v1/touchpoints", "touchpoint",
            "/webhooks/whatsapp", "whatsapp",
            "/webhooks/carrier", "carrier");

    private final MeterRegistry meters;
    /** By ingress and status class: the hot path looks a timer up here, not in the registry. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    IngressAckTimer(MeterRegistry meters) {
        this.meters = meters;
        // every ingress shows from the start (count 0), so a dashboard and an alert see them before traffic
        INGRESS_BY_PATH.values().forEach(ingress -> timer(ingress, "2xx"));
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String ingress = "POST".equals(request.getMethod())
                ? INGRESS_BY_PATH.get(request.getRequestURI().substring(request.getContextPath().length())) : null;
        if (ingress == null) { // the WhatsApp handshake (GET), an unknown webhook path: no message, no ack
            chain.doFilter(req, res);
            return;
        }
        long start = System.nanoTime();
        Recording recording = new Recording(ingress, (HttpServletResponse) res, start);
        try {
            chain.doFilter(req, res);
        } finally {
            if (!request.isAsyncStarted() || !listen(request, recording)) {
                recording.record();
            }
        }
    }

    /** Whether the async cycle takes the recording; false when it already ended (answered on this thread). */
    private static boolean listen(HttpServletRequest request, Recording recording) {
        try {
            request.getAsyncContext().addListener(recording);
            return true;
        } catch (IllegalStateException ended) {
            return false;
        }
    }

    private Timer timer(String ingress, String outcome) {
        return timers.computeIfAbsent(ingress + " " + outcome, key -> LatencyHistograms.timer(METRIC,
                        "time from a channel's request to the hub's answer (the ack), per HTTP ingress",
                        Duration.ofMillis(5), Duration.ofSeconds(15), Duration.ofMillis(50), Duration.ofMillis(100),
                        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5))
                .tag("ingress", ingress)
                .tag("outcome", outcome)
                .register(meters));
    }

    /** Records once, when the answer is complete; re-registers itself if the request goes async again. */
    private final class Recording implements AsyncListener {

        private final String ingress;
        private final HttpServletResponse response;
        private final long start;
        private final AtomicBoolean recorded = new AtomicBoolean();

        Recording(String ingress, HttpServletResponse response, long start) {
            this.ingress = ingress;
            this.response = response;
            this.start = start;
        }

        void record() {
            if (recorded.compareAndSet(false, true)) {
                timer(ingress, response.getStatus() / 100 + "xx").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            record();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // the body-read deadline answers 408 and completes: onComplete records it
        }

        @Override
        public void onError(AsyncEvent event) {
            // completes after the error: onComplete records it
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this); // a new async cycle drops the listeners of the last
        }
    }
}
