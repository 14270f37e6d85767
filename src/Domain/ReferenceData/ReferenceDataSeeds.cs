namespace Domain.ReferenceData;

/// <summary>
/// First versions of reference data that the product ships with, in the same CSV an administrator
/// imports; later versions are imported, never edited here.
/// </summary>
public static class ReferenceDataSeeds
{
    /// <summary>
    /// The handler function tree of the insurance e-system as its manual (seed 004, 授權指派 功能選單)
    /// shows it in November 2022. Only leaves are granted; the four top rows are groups.
    /// </summary>
    public const string FunctionCatalogueCsv = """
        version,effective_from,code,name,parent
        2022-11,2022-11-01,01,保費申報作業,
        2022-11,2022-11-01,0101,異動登錄,01
        2022-11,2022-11-01,0102,申報資料傳送,01
        2022-11,2022-11-01,0103,申報資料列印,01
        2022-11,2022-11-01,0104,申報資料查詢,01
        2022-11,2022-11-01,0105,附件補送,01
        2022-11,2022-11-01,0106,問題協調,01
        2022-11,2022-11-01,0107,離線異動登錄檔案下載,01
        2022-11,2022-11-01,02,給付試算作業,
        2022-11,2022-11-01,0201,給付試算,02
        2022-11,2022-11-01,03,給付申辦作業,
        2022-11,2022-11-01,0301,給付自辦作業,03
        2022-11,2022-11-01,04,一般查詢作業,
        2022-11,2022-11-01,0401,基本資料查詢,04

        """;
}
