package io.continuityhub.support;

import io.continuityhub.agent.AgentContext;
import io.continuityhub.agent.DeterministicPolicy;
import io.continuityhub.session.SessionEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;

/**
 * A policy that cannot decide, for the tests that need one, without a Spring context of their own:
 * the shared context's {@link DeterministicPolicy} throws on every customer message that carries
 * {@link #MARKER}, and decides as usual on everything else, so no other test sees a difference.
 * It counts its tries per event, so a test can tell how often a turn was taken.
 *
 * <p>Deliberately not annotated: imported by {@link HubIntegrationTest}, never picked up by the
 * component scan of a hub started from the test classpath (the sandbox's default run).
 */
public class PolicyFaults {

    /** A customer message with this in its text makes the policy throw. */
    public static final String MARKER = "#policy-cannot-decide";

    private static final Map<String, AtomicInteger> TRIES = new ConcurrentHashMap<>();

    /** How often the policy was asked to decide on event {@code seq} of the session and threw. */
    public static int tries(String sessionId, long seq) {
        AtomicInteger tries = TRIES.get(sessionId + ":" + seq);
        return tries == null ? 0 : tries.get();
    }

    @Bean
    static BeanPostProcessor policyThatCannotDecideOnMarkedMessages() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!(bean instanceof DeterministicPolicy)) {
                    return bean;
                }
                // a subclass proxy: the language-model policy takes the deterministic one by its class
                ProxyFactory proxy = new ProxyFactory(bean);
                proxy.setProxyTargetClass(true);
                proxy.addAdvice((MethodInterceptor) call -> {
                    if ("decide".equals(call.getMethod().getName())
                            && call.getArguments()[1] instanceof SessionEvent event && marked(event)) {
                        String sessionId = ((AgentContext) call.getArguments()[0]).sessionId();
                        TRIES.computeIfAbsent(sessionId + ":" + event.seq(), k -> new AtomicInteger()).incrementAndGet();
                        throw new IllegalStateException("the test policy cannot decide on " + MARKER);
                    }
                    return call.proceed();
                });
                return proxy.getProxy();
            }
        };
    }

    private static boolean marked(SessionEvent event) {
        return "customer_message".equals(event.type())
                && String.valueOf(event.payload().get("text")).contains(MARKER);
    }
}
