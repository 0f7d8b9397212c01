package io.continuityhub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuityhub.support.HubIntegrationTest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A migration cannot add a column that may hold personal data without someone deciding what an
 * erasure does with it: every text, varchar and json column of the hub's tables must be in the
 * personal-data list or the not-personal list (PersonalDataColumns), and every listed column
 * must still exist.
 */
class PersonalDataColumnsTest extends HubIntegrationTest {

    @Test
    void everyTextColumnOfTheHubIsDecidedPersonalOrNot() {
        List<String> columns = jdbc.sql(PersonalDataColumns.TEXT_COLUMNS).query(String.class).list();
        assertThat(columns).as("the hub's text columns, read from information_schema").hasSizeGreaterThan(50);

        Set<String> undecided = new HashSet<>(columns);
        undecided.removeAll(PersonalDataColumns.PERSONAL.keySet());
        undecided.removeAll(PersonalDataColumns.NOT_PERSONAL);
        assertThat(undecided).as("columns that are neither in PersonalDataColumns.PERSONAL nor in NOT_PERSONAL:"
                + " decide, and erase the personal ones in io.continuityhub.privacy").isEmpty();

        Set<String> stale = new HashSet<>(PersonalDataColumns.PERSONAL.keySet());
        stale.addAll(PersonalDataColumns.NOT_PERSONAL);
        stale.removeAll(columns);
        assertThat(stale).as("listed columns the schema no longer has").isEmpty();

        assertThat(PersonalDataColumns.PERSONAL.keySet()).doesNotContainAnyElementsOf(PersonalDataColumns.NOT_PERSONAL);
    }

    @Test
    void everyTableWithPersonalDataSaysWhereAPersonsRowsAre() {
        List<String> tables = PersonalDataColumns.tables(PersonalDataColumns.PERSONAL.keySet());
        assertThat(PersonalDataColumns.PERSON_SCOPE).containsKeys(tables.toArray(String[]::new));
    }
}
