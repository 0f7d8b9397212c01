package io.continuityhub.platform.audit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the {@code audit} logger an appender of its own that writes the bare ECS line to standard
 * output (where Kubernetes and a log shipper collect it), not through the application's log
 * pattern or structured format: a SIEM takes the line as is. Attached once Spring Boot has
 * configured logging, and again after a re-configuration; {@code hub.audit.stdout=false} leaves
 * the audit to the table and to whatever logging configuration the operator brings.
 */
@Component
class AuditLogOutput {

    private static final String APPENDER = "hub-audit-json-lines";

    private final boolean toStdout;

    AuditLogOutput(@Value("${hub.audit.stdout:true}") boolean toStdout) {
        this.toStdout = toStdout;
    }

    @EventListener(ContextRefreshedEvent.class)
    void attach() {
        if (!toStdout || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext logback)) {
            return;
        }
        Logger audit = logback.getLogger(AuditTrail.LOGGER);
        if (audit.getAppender(APPENDER) != null) {
            return;
        }
        PatternLayoutEncoder bareLine = new PatternLayoutEncoder();
        bareLine.setContext(logback);
        bareLine.setPattern("%msg%n");
        bareLine.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(logback);
        stdout.setName(APPENDER);
        stdout.setEncoder(bareLine);
        stdout.start();
        audit.addAppender(stdout);
        audit.setAdditive(false);
    }
}
