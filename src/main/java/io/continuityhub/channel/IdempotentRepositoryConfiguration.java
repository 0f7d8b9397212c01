package io.continuityhub.channel;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The idempotent repository of the accept stage, shared by every ingress. Keys are
 * {@code <ingress>:<provider message id>}, so a WhatsApp wamid and a touchpoint eventId that
 * happen to be equal stay apart.
 */
@Configuration(proxyBeanMethods = false)
class IdempotentRepositoryConfiguration {

    @Bean
    PostgresMessageIdRepository inboundMessageIds(DataSource dataSource, TransactionTemplate transactions) {
        return new PostgresMessageIdRepository(dataSource, transactions, "accept-interaction");
    }
}
