package io.continuityhub.platform;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@code {{millis:hub.salesforce.timeout}}}: a duration setting in milliseconds, for the Camel
 * options that take a plain number of them (camel-http's and camel-mail's timeouts). Every
 * duration of the hub is written one way ({@code 500ms}, {@code 10s}, {@code 5m}, {@code 14d});
 * this reads it as Spring does when it binds a {@link java.time.Duration}. Found by Camel through
 * META-INF/services/org/apache/camel/properties-function/millis.
 */
public class MillisPropertiesFunction implements PropertiesFunction, CamelContextAware {

    private CamelContext camelContext;

    @Override
    public String getName() {
        return "millis";
    }

    @Override
    public String apply(String property) {
        String value = camelContext.getPropertiesComponent().resolveProperty(property)
                .orElseThrow(() -> new IllegalArgumentException("{{millis:" + property + "}}: " + property + " is not set"));
        try {
            return Long.toString(DurationStyle.detectAndParse(value.strip()).toMillis());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + " is '" + value + "', not a duration such as 500ms, 10s or 5m", e);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
