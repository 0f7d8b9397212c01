package io.continuityhub.kernel;

import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.tracing.ActiveSpanManager;
import org.apache.camel.tracing.SpanAdapter;

/**
 * Marks the span of the route a stage runs in (Camel's span, camel-observation) with whose
 * conversation it is. A conversation crosses the inbox, the session log and the action ledger, so
 * its stages are traces of their own; these attributes are what joins them: a trace search for
 * {@code continuityhub.session.id} finds the conversation's ingress, agent turns, tool calls and sends on
 * every channel (docs/operations.md#traces-and-logs). Only ids and names go here, never a handle
 * or a message's text: spans leave the hub for a collector.
 *
 * <p>The span is the exchange's, not the thread's: a route's span is current on its thread only
 * until an EIP such as {@code doTry} continues the exchange asynchronously, while the exchange
 * keeps it to the end.
 */
public final class ConversationSpans {

    public static final String SESSION_ID = "continuityhub.session.id";
    public static final String CUSTOMER_ID = "continuityhub.customer.id";
    /** {@link Stage}: which part of the flow the span is. */
    public static final String STAGE = "continuityhub.stage";
    /** The channel a message came in on or goes out on ({@code whatsapp}, {@code email}, ...). */
    public static final String CHANNEL = "continuityhub.channel";
    /** The tool an action runs ({@code whatsapp-send}, {@code salesforce-case}, ...). */
    public static final String TOOL = "continuityhub.tool";
    /** How a tool's action ended: {@code succeeded}, {@code retry}, {@code failed}, {@code unknown}. */
    public static final String OUTCOME = "continuityhub.outcome";

    /** The stages a conversation's spans are marked with. */
    public enum Stage {
        /** a customer's message accepted into their session (the accept stage every ingress shares) */
        INGRESS,
        /** the agent's turn on a session's new events */
        AGENT,
        /** an action of the ledger run on its tool route */
        TOOL,
        /** a message on its way to the customer (WhatsApp, email) */
        SEND;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private ConversationSpans() {
    }

    /** Marks the exchange's span as {@code stage} of the session; nothing when it has none (tracing off). */
    public static void mark(Exchange exchange, Stage stage, String sessionId, String customerId) {
        mark(exchange, stage, sessionId, customerId, null, null);
    }

    /** As {@link #mark(Exchange, Stage, String, String)}, with one more attribute ({@link #CHANNEL}, {@link #TOOL}). */
    public static void mark(Exchange exchange, Stage stage, String sessionId, String customerId, String key, String value) {
        SpanAdapter span = exchange == null ? null : ActiveSpanManager.getSpan(exchange);
        if (span == null) {
            return;
        }
        span.setTag(STAGE, stage.label());
        tagIfKnown(span, SESSION_ID, sessionId);
        tagIfKnown(span, CUSTOMER_ID, customerId);
        tagIfKnown(span, key, value);
    }

    /** Adds one attribute to the exchange's span, if it has one. */
    public static void tag(Exchange exchange, String key, String value) {
        SpanAdapter span = exchange == null ? null : ActiveSpanManager.getSpan(exchange);
        if (span != null) {
            tagIfKnown(span, key, value);
        }
    }

    private static void tagIfKnown(SpanAdapter span, String key, String value) {
        if (key != null && value != null) {
            span.setTag(key, value);
        }
    }
}
