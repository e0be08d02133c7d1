package io.hmrec.core.data;

import io.hmrec.core.model.Purchase;

/**
 * An accepted row of {@code transactions_train.csv}.
 *
 * @param rowNumber  1-based index of the row among the file's data rows (rejected rows count too): the loader's
 *                   checkpoint position
 * @param lineNumber physical line (header is line 1)
 * @param eventId    deterministic id, see {@link EventIds}
 * @param occurrence 1 for the first of identical rows of a day, 2.. for further units
 * @param purchase   the validated purchase
 */
public record PurchaseRow(long rowNumber, long lineNumber, String eventId, int occurrence, Purchase purchase) {}
