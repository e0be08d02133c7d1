package io.hmrec.core.model;

/**
 * The catalog facts about an article that recommendation logic and ranker features use. Any string may be empty
 * when the catalog lacks it (catalogs lag and may be partial); codes are -1 when unknown.
 *
 * @param articleId         normalised 10-digit id
 * @param productCode       7-digit product code prefix (derivable from the id even without a catalog)
 * @param productTypeNo     product type number, -1 if unknown
 * @param productGroupName  e.g. "Garment Upper body"
 * @param colourGroupCode   colour group code, -1 if unknown
 * @param departmentNo      department number, -1 if unknown
 * @param indexGroupName    e.g. "Ladieswear"
 * @param garmentGroupNo    garment group number, -1 if unknown
 */
public record ArticleInfo(String articleId, String productCode, int productTypeNo, String productGroupName,
                          int colourGroupCode, int departmentNo, String indexGroupName, int garmentGroupNo) {

    /** What is known of an article that the catalog does not list: its product code, from its id. */
    public static ArticleInfo unknown(String articleId) {
        return new ArticleInfo(articleId, ArticleIds.productCode(articleId), -1, "", -1, -1, "", -1);
    }
}
