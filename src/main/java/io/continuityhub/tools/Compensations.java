package io.continuityhub.tools;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Every tool's declared compensation, by tool. */
@Component
public class Compensations {

    private final Map<String, Compensable> byTool;

    Compensations(List<Compensable> tools) {
        this.byTool = tools.stream().collect(Collectors.toMap(Compensable::tool, Function.identity()));
    }

    /** How to compensate {@code done}; empty when its tool declares no compensation or it did not succeed. */
    public Optional<Compensation> of(ActionView done, String why) {
        if (!"succeeded".equals(done.status())) {
            return Optional.empty();
        }
        return Optional.ofNullable(byTool.get(done.tool())).flatMap(tool -> tool.compensate(done, why));
    }
}
