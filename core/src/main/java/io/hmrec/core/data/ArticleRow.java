package io.hmrec.core.data;

import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.model.ArticleIds;

/**
 * All 25 columns of an {@code articles.csv} row; every column but the id may be null (empty in the file), numeric
 * columns are Integers. Field order and names follow the Kaggle header and the Avro {@code Article} schema.
 *
 * @param articleId normalised 10-digit id
 */
public record ArticleRow(String articleId, Integer productCode, String prodName, Integer productTypeNo,
                         String productTypeName, String productGroupName, Integer graphicalAppearanceNo,
                         String graphicalAppearanceName, Integer colourGroupCode, String colourGroupName,
                         Integer perceivedColourValueId, String perceivedColourValueName,
                         Integer perceivedColourMasterId, String perceivedColourMasterName, Integer departmentNo,
                         String departmentName, String indexCode, String indexName, Integer indexGroupNo,
                         String indexGroupName, Integer sectionNo, String sectionName, Integer garmentGroupNo,
                         String garmentGroupName, String detailDesc) {

    /** The facts recommendation logic uses; the product code always comes from the id (it is its 7-digit prefix). */
    public ArticleInfo toInfo() {
        return new ArticleInfo(articleId, ArticleIds.productCode(articleId), orMinus1(productTypeNo),
                orEmpty(productGroupName), orMinus1(colourGroupCode), orMinus1(departmentNo), orEmpty(indexGroupName),
                orMinus1(garmentGroupNo));
    }

    private static int orMinus1(Integer v) {
        return v == null ? -1 : v;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
