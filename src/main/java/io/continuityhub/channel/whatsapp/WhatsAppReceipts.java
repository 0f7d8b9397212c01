package io.continuityhub.channel.whatsapp;

import io.continuityhub.channel.Inbox;
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

    /** @param kept how many of the webhook's messages the inbox took as new, how many it had seen */
    public WebhookAck apply(@Variable("notification") WhatsAppNotification notification, @Body Inbox.Kept kept) {
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
        return new WebhookAck(kept.accepted(), kept.duplicates(), notification.statuses().size());
    }
}
