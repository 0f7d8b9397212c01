package io.continuityhub.channel.whatsapp;

import io.continuityhub.channel.AcceptedInteraction;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** The split's aggregation over one webhook's messages: how many were new and how many seen before. */
@Component
public class AcceptTally implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange tally, Exchange accepted) {
        boolean duplicate = accepted.getMessage().getBody(AcceptedInteraction.class).duplicate();
        Exchange into = tally == null ? accepted : tally;
        WebhookAck before = tally == null ? new WebhookAck(0, 0, 0) : tally.getMessage().getBody(WebhookAck.class);
        into.getMessage().setBody(duplicate ? new WebhookAck(before.accepted(), before.duplicates() + 1, 0)
                : new WebhookAck(before.accepted() + 1, before.duplicates(), 0));
        return into;
    }
}
