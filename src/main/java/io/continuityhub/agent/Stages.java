package io.continuityhub.agent;

import java.util.List;
import java.util.Optional;

/**
 * The agent's stages of an order's story, each a set of tool calls that together make one promise
 * to the customer: investigate (open the case, ask the warehouse), raise the delay, confirm the
 * option the customer picked, and the compensations of a stage that failed. A stage is named
 * {@code <kind>-<orderId>} and is the middle part of its actions' keys. A stage tried again after
 * it broke is a new attempt: its steps carry the attempt ({@code status.2}), so the same key never
 * stands for two requests.
 */
public final class Stages {

    public static final String INVESTIGATE = "investigate";
    public static final String RAISE_DELAY = "raise-delay";
    public static final String CONFIRM_OPTION = "confirm-option";
    public static final String COMPENSATE = "compensate";
    private static final List<String> ORDER_KINDS = List.of(INVESTIGATE, RAISE_DELAY, CONFIRM_OPTION);
    private static final char ATTEMPT_SEPARATOR = '.';

    /** A stage's kind and the order it is about. */
    public record Stage(String kind, String orderId) {
        public String name() {
            return kind + "-" + orderId;
        }
    }

    private Stages() {
    }

    public static String of(String kind, String orderId) {
        return kind + "-" + orderId;
    }

    public static String compensationOf(String stage) {
        return COMPENSATE + "-" + stage;
    }

    /** The stage an action key ({@code sessionId:stage:step}) belongs to, if it is one of an order's stages. */
    public static Optional<Stage> ofKey(String idempotencyKey) {
        String[] parts = idempotencyKey == null ? new String[0] : idempotencyKey.split(":");
        if (parts.length != 3) {
            return Optional.empty();
        }
        return parse(parts[1]);
    }

    public static Optional<Stage> parse(String stage) {
        for (String kind : ORDER_KINDS) {
            if (stage.startsWith(kind + "-") && stage.length() > kind.length() + 1) {
                return Optional.of(new Stage(kind, stage.substring(kind.length() + 1)));
            }
        }
        return Optional.empty();
    }

    /** The middle part of a key, whatever it is. */
    public static String nameOfKey(String idempotencyKey) {
        String[] parts = idempotencyKey.split(":");
        return parts.length == 3 ? parts[1] : "";
    }

    /** A step of the given attempt: {@code status}, then {@code status.2}, {@code status.3}. */
    public static String step(String step, int attempt) {
        return attempt <= 1 ? step : step + ATTEMPT_SEPARATOR + attempt;
    }

    /** The attempt of the stage an action key belongs to: 1 unless its step says otherwise. */
    public static int attemptOfKey(String idempotencyKey) {
        String step = stepOfKey(idempotencyKey);
        int separator = step.lastIndexOf(ATTEMPT_SEPARATOR);
        if (separator < 0 || separator == step.length() - 1) {
            return 1;
        }
        String digits = step.substring(separator + 1);
        return digits.chars().allMatch(Character::isDigit) && digits.length() <= 3 ? Integer.parseInt(digits) : 1;
    }

    /** The last part of a key: the action's step. */
    public static String stepOfKey(String idempotencyKey) {
        String[] parts = idempotencyKey.split(":");
        return parts.length == 3 ? parts[2] : "";
    }
}
