package io.continuityhub.session;

/**
 * Why a case goes to a person.
 *
 * @param caseKey         identifies the case, so a second trigger for it does not open a second escalation
 * @param failingActionKey the ledger action that failed, if one did
 */
public record EscalationRequest(String customerId, String sessionId, String reason, String caseKey,
                                String failingActionKey, String error) {
}
