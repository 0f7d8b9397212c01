package io.continuityhub.channel;

import javax.sql.DataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Camel's JDBC idempotent repository on {@code inbound_message_id}, whose primary key makes the
 * insert itself the test: {@code add} is true only for the one writer whose
 * {@code INSERT … ON CONFLICT DO NOTHING} wrote the row. (Camel's own {@code add} counts first
 * and inserts second, so two concurrent deliveries of one id can both pass the count.)
 *
 * <p>It runs in the caller's transaction when the route is {@code transacted}, so a concurrent
 * duplicate waits for the first delivery to commit or roll back before it is judged.
 */
public class PostgresMessageIdRepository extends JdbcMessageIdRepository {

    public PostgresMessageIdRepository(DataSource dataSource, TransactionTemplate transactions, String processorName) {
        super(dataSource, transactions, processorName);
        setCreateTableIfNotExists(false); // Flyway owns the schema
        setTableExistsString("SELECT 1 FROM inbound_message_id WHERE 1 = 0");
        setQueryString("SELECT COUNT(*) FROM inbound_message_id WHERE processor_name = ? AND message_id = ?");
        setInsertString("INSERT INTO inbound_message_id (processor_name, message_id, created_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (processor_name, message_id) DO NOTHING");
        setDeleteString("DELETE FROM inbound_message_id WHERE processor_name = ? AND message_id = ?");
        setClearString("DELETE FROM inbound_message_id WHERE processor_name = ?");
    }

    @Override
    public boolean add(String key) {
        return Boolean.TRUE.equals(transactionTemplate.execute(status -> insert(key) == 1));
    }
}
