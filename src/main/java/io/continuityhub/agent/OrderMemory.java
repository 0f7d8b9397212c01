package io.continuityhub.agent;

import java.util.List;

/**
 * What the session knows about one order, from what was said and what the systems confirmed.
 *
 * @param status          the warehouse's word (processing, delayed, shipped, delivered), null before it answered
 * @param caseKey         the Case's Hub_Key__c once Salesforce confirmed it, else null
 * @param delayException  the exception queue's id of the raised delay, once confirmed
 * @param acceptedOption  the delivery option the customer accepted, once every system confirmed it
 * @param newTrackingCode the tracking code of the carrier's latest re-label, if any
 * @param trackingEmailed true once the new tracking code was emailed
 */
public record OrderMemory(String orderId, String status, String delayReason, String carrier, String trackingCode,
                          List<String> deliveryOptions, String caseKey, String delayException, String acceptedOption,
                          String newTrackingCode, boolean trackingEmailed) {

    public boolean investigated() {
        return status != null;
    }

    public boolean delayed() {
        return "delayed".equals(status);
    }

    /** The code the parcel travels under now. */
    public String currentTrackingCode() {
        return newTrackingCode != null ? newTrackingCode : trackingCode;
    }

    /** The options the customer was offered and has not yet settled. */
    public List<String> openOffer() {
        return delayException != null && acceptedOption == null && deliveryOptions != null ? deliveryOptions : List.of();
    }

    /** The facts a reply about this order rests on, in words. */
    public List<String> facts() {
        List<String> facts = new java.util.ArrayList<>();
        facts.add("order " + orderId);
        if (status != null) {
            facts.add(delayed() && delayReason != null ? "delayed: " + delayReason : status);
        }
        if (delayException != null) {
            facts.add("delay raised with fulfilment");
        }
        if (acceptedOption != null) {
            facts.add(acceptedOption + " delivery accepted");
        }
        if (newTrackingCode != null) {
            facts.add("new tracking number " + newTrackingCode);
        }
        return List.copyOf(facts);
    }
}
