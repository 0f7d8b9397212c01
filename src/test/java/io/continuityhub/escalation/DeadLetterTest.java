package io.continuityhub.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import io.continuityhub.tools.Action;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class DeadLetterTest extends HubIntegrationTest {

    private static final AtomicBoolean FAIL_NEXT_SWEEP = new AtomicBoolean();

    @Test
    void aBackgroundRouteThatFailsEndsInTheDeadLetterRouteAndKeepsRunning() throws Exception {
        AdviceWith.adviceWith(camel, "downstream-sla-watch", route -> route.weaveAddFirst().process(exchange -> {
            if (FAIL_NEXT_SWEEP.getAndSet(false)) {
                throw new IllegalStateException("the database went away for a moment");
            }
        }));
        // the dead-letter channel hands the failed exchange itself to direct:dead-letter
        NotifyBuilder deadLettered = new NotifyBuilder(camel).fromRoute("downstream-sla-watch")
                .wereSentTo("direct:dead-letter").whenCompleted(1).create();
        NotifyBuilder sweptAfterwards = new NotifyBuilder(camel).fromRoute("downstream-sla-watch").whenCompleted(3).create();

        FAIL_NEXT_SWEEP.set(true);

        assertThat(deadLettered.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sweptAfterwards.matches(10, TimeUnit.SECONDS)).as("the timer route goes on").isTrue();
    }

    @Test
    void aDeadLetteredActionBecomesItsCaseInTheEscalationQueue() {
        String customerId = TestData.customerId();
        hub.seedCustomer(customerId, "UTC", Map.of("phone", TestData.phone()));
        Action action = new Action("test:" + TestData.eventId(), customerId, null, "salesforce-case", "upsert", Map.of(), 1);
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(action);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("verdict could not be written"));

        camel.createProducerTemplate().send("direct:dead-letter", exchange);

        List<Map<String, Object>> escalations = jdbc.sql("SELECT reason, status FROM escalation WHERE case_key = ?")
                .param("action:" + action.idempotencyKey()).query().listOfRows();
        assertThat(escalations).hasSize(1);
        assertThat(escalations.get(0)).containsEntry("status", "open");
        assertThat((String) escalations.get(0).get("reason")).contains("salesforce-case");
    }
}
