package io.continuityhub.tools;

import java.util.Map;

/** The call that undoes, or makes honest, what a succeeded action did: a tool, its step and its request. */
public record Compensation(String tool, String step, Map<String, Object> request) {
}
