package io.continuityhub.platform;

import io.continuityhub.kernel.WakeUps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens, on a connection of its own, for the wake-ups commits send ({@link WakeUps}) and hands
 * each to the route that acts on it. The connection can drop (a database restart, a failover):
 * it is opened again with backoff, and meanwhile the timers' sweeps find the work.
 */
@Component
@ConditionalOnProperty(name = "hub.wake-ups.enabled", havingValue = "true", matchIfMissing = true)
class WakeUpListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WakeUpListener.class);
    private static final int WAIT_MILLIS = 500;

    private final DataSource dataSource;
    private final ObjectProvider<CamelContext> camel;
    private final WakeUpProperties properties;
    private final Map<String, String> endpoints;
    private final AtomicBoolean listening = new AtomicBoolean();
    private final Counter reconnects;
    private ProducerTemplate producer; // the listener thread's own
    private volatile boolean running;
    private Thread thread;

    WakeUpListener(DataSource dataSource, ObjectProvider<CamelContext> camel, WakeUpProperties properties, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.camel = camel;
        this.properties = properties;
        this.endpoints = Map.of(WakeUps.AGENT, properties.agentEndpoint(), WakeUps.ACTIONS, properties.dispatcherEndpoint(),
                WakeUps.INBOX, properties.inboxEndpoint());
        Gauge.builder("hub.wake-ups.listening", listening, l -> l.get() ? 1 : 0)
                .description("1 while the hub listens for wake-ups; 0: the timers' sweeps alone find new work")
                .register(meters);
        this.reconnects = Counter.builder("hub.wake-ups.reconnects")
                .description("times the wake-up listener's connection was lost and opened again").register(meters);
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::listen, "wake-up-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        listening.set(false);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        Duration backoff = properties.reconnectInitial();
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                for (String channel : endpoints.keySet()) {
                    statement.execute("LISTEN " + channel);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                listening.set(true);
                backoff = properties.reconnectInitial();
                log.info("Listening for wake-ups on {}", endpoints.keySet());
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            hand(notification);
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening.set(false);
                if (!running) {
                    return;
                }
                reconnects.increment();
                log.warn("The wake-up listener lost its connection ({}); the sweeps find new work meanwhile,"
                        + " listening again in {}", e.getMessage(), backoff);
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(properties.reconnectMax()) > 0 ? properties.reconnectMax()
                        : backoff.multipliedBy(2);
            }
        }
        listening.set(false);
    }

    /**
     * The endpoints drop what they cannot queue: a lost wake-up costs a sweep's wait, never the
     * work. Nothing is handed before Camel has started with its routes. (Camel is looked up here,
     * not injected: as a dependency of this lifecycle bean Spring would start it early, before
     * its routes were loaded.)
     */
    private void hand(PGNotification notification) {
        String endpoint = endpoints.get(notification.getName());
        CamelContext context = camel.getIfAvailable();
        if (endpoint == null || context == null || !context.isStarted()) {
            return;
        }
        if (producer == null) {
            producer = context.createProducerTemplate();
        }
        try {
            producer.sendBody(endpoint, notification.getParameter());
        } catch (RuntimeException e) {
            log.debug("Wake-up on {} not handed over: {}", notification.getName(), e.getMessage());
        }
    }

    private void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
