package io.continuityhub.channel.whatsapp;

import io.continuityhub.tools.whatsapp.WhatsAppSends;
import io.continuityhub.kernel.Redact;
import io.continuityhub.tools.ActionLedger;
import io.continuityhub.tools.DeliveryStatus;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Applies a webhook's delivery receipts to the hub's record of its own sends, and answers the webhook. */
@Component
public class WhatsAppReceipts {

    private static final Logger log = LoggerFactory.getLogger(WhatsAppReceipts.class);

    private final ActionLedger ledger;

    WhatsAppReceipts(ActionLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * @param tally the split's count of accepted and duplicate messages, or the notification
     *              itself when the webhook carried no messages
     */
    public WebhookAck apply(@Variable("notification") WhatsAppNotification notification, @Body Object tally) {
        for (WhatsAppNotification.Receipt receipt : notification.statuses()) {
            DeliveryStatus status = DeliveryStatus.fromWire(receipt.status()).orElse(null);
            if (status == null) {
                log.warn("Ignoring WhatsApp status '{}' for {}: not one the hub knows", receipt.status(), Redact.handle(receipt.wamid()));
                continue;
            }
            if (!ledger.recordDelivery(WhatsAppSends.TOOL, receipt.wamid(), status, receipt.at())) {
                log.debug("Receipt {} for {} changed nothing (older, repeated, or not the hub's message)",
                        receipt.status(), Redact.handle(receipt.wamid()));
            }
        }
        WebhookAck messages = tally instanceof WebhookAck ack ? ack : new WebhookAck(0, 0, 0);
        return new WebhookAck(messages.accepted(), messages.duplicates(), notification.statuses().size());
    }
}
