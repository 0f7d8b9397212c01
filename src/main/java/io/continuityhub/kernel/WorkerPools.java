package io.continuityhub.kernel;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spring.boot.CamelContextConfiguration;

/**
 * A fixed pool of worker threads for a route's parallel split, as a Camel thread pool profile the
 * route names in {@code executorService}. A profile rather than a Spring ExecutorService bean,
 * which would displace the executor Spring Boot gives platform-http.
 */
public final class WorkerPools {

    private WorkerPools() {
    }

    /** Registers the profile {@code name} of {@code size} threads when Camel starts; make it a bean. */
    public static CamelContextConfiguration named(String name, int size) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                ThreadPoolProfile workers = new ThreadPoolProfile(name);
                workers.setPoolSize(size);
                workers.setMaxPoolSize(size);
                workers.setMaxQueueSize(-1);
                camel.getExecutorServiceManager().registerThreadPoolProfile(workers);
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
            }
        };
    }
}
