package io.continuityhub.tools.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.kernel.JsonColumns;
import io.continuityhub.tools.Action;
import io.continuityhub.tools.ActionView;
import io.continuityhub.tools.Compensable;
import io.continuityhub.tools.Compensation;
import io.continuityhub.tools.DownstreamAnswer;
import io.continuityhub.tools.DownstreamCall;
import io.continuityhub.tools.PermanentToolException;
import io.continuityhub.tools.RetryableToolException;
import io.continuityhub.tools.ToolOutcome;
import io.continuityhub.tools.TransientRefusalException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * The {@code tool-salesforce-case} route's beans: a Case upsert by the hub's external id
 * {@code Hub_Key__c}. Upsert by external id is Salesforce's own idempotent write, so any call
 * whose answer was lost is simply replayed with the same key: it can update the case, never
 * create a second one. That is this tool's reconciliation of an unknown outcome.
 */
@Component
public class CaseUpserts implements Compensable {

    public static final String TOOL = "salesforce-case";
    private static final String TOKEN_USED = "salesforceToken";
    static final Set<String> CASE_FIELDS = Set.of("Subject", "Description", "Status", "Origin", "Priority", "ContactId",
            "SuppliedEmail", "IsEscalated");

    private final SalesforceSession session;
    private final SalesforceProperties properties;
    private final JsonColumns jsonColumns;
    private final ObjectMapper json;

    CaseUpserts(SalesforceSession session, SalesforceProperties properties, JsonColumns jsonColumns, ObjectMapper json) {
        this.session = session;
        this.properties = properties;
        this.jsonColumns = jsonColumns;
        this.json = json;
    }

    @Override
    public String tool() {
        return TOOL;
    }

    /**
     * A written Case is not deleted when a later step fails: it is annotated with what happened and
     * marked escalated, so whoever opens it reads the truth. The upsert by the same external id
     * makes the annotation as safe to replay as the write it corrects.
     */
    @Override
    public Optional<Compensation> compensate(ActionView done, String why) {
        Object hubKey = done.request().get("hubKey");
        if (hubKey == null) {
            return Optional.empty();
        }
        Object description = done.request().get("Description");
        Map<String, Object> annotation = new LinkedHashMap<>();
        annotation.put("hubKey", hubKey);
        annotation.put("Description", (description == null ? "" : description + "\n\n") + "[Continuity Hub] " + why);
        annotation.put("Status", "Escalated");
        annotation.put("IsEscalated", true);
        return Optional.of(new Compensation(TOOL, "annotate", annotation));
    }

    /** The upsert of the action's case: request {@code hubKey} and Case fields (Subject, Description, ...). */
    public DownstreamCall upsertCall(@Body Action action, Exchange exchange) {
        String hubKey = action.requireText("hubKey");
        Map<String, Object> fields = new LinkedHashMap<>();
        action.request().forEach((name, value) -> {
            if (CASE_FIELDS.contains(name) || name.endsWith("__c")) {
                fields.put(name, value);
            }
        });
        SalesforceSession.Token token = session.current();
        exchange.setVariable(TOKEN_USED, token.accessToken());
        return new DownstreamCall("PATCH", token.instanceUrl() + "/services/data/v" + properties.apiVersion()
                + "/sobjects/Case/Hub_Key__c/" + URLEncoder.encode(hubKey, StandardCharsets.UTF_8).replace("+", "%20"),
                Map.of("Authorization", "Bearer " + token.accessToken(), "Accept", "application/json"),
                jsonColumns.write(fields));
    }

    public ToolOutcome outcome(@Variable("action") Action action, @Variable(TOKEN_USED) String tokenUsed,
                               @Body DownstreamAnswer answer) {
        JsonNode body = answer.json(json);
        String usage = answer.headers().get("sforce-limit-info");
        return switch (answer.status()) {
            case 200, 201 -> new ToolOutcome(body.path("id").asText(null), response(body.path("id").asText(null),
                    body.path("created").asBoolean(answer.status() == 201), usage));
            case 204 -> new ToolOutcome(action.requireText("hubKey"), response(null, false, usage));
            case 300 -> throw new PermanentToolException("several Cases carry Hub_Key__c=" + action.requireText("hubKey")
                    + "; a person must merge them before the hub writes again");
            case 401 -> {
                session.invalidate(tokenUsed);
                throw new RetryableToolException("Salesforce session expired; the next try logs in again");
            }
            default -> {
                String code = body.path(0).path("errorCode").asText("");
                String message = body.path(0).path("message").asText(answer.body());
                if (answer.status() == 403 && "REQUEST_LIMIT_EXCEEDED".equals(code)) {
                    throw new TransientRefusalException("Salesforce API limit reached (" + usage + ")");
                }
                throw new PermanentToolException("Salesforce refused the case (" + answer.status() + " " + code + "): " + message);
            }
        };
    }

    /**
     * Anything that kept the answer from arriving (a timeout after Salesforce may have written,
     * a 5xx, an open circuit) is retried: the same external id makes the replay safe.
     */
    public void classifyFailure(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure instanceof PermanentToolException permanent) {
            throw permanent;
        }
        throw new RetryableToolException("Salesforce call did not complete (" + failure.getClass().getSimpleName()
                + ": " + failure.getMessage() + "); replaying the upsert by external id is safe", failure);
    }

    private static Map<String, Object> response(String id, boolean created, String usage) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("caseId", id);
        response.put("created", created);
        response.put("apiUsage", usage);
        return response;
    }
}
