namespace Web.Tests.Authentication;

/// <summary>Personnel records and a directory for the sign-in tests: the TestPki holders at two agencies.</summary>
public static class DemoPeople
{
    public const string PersonnelCsv = """
        national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on
        A123456789,王小明,wangxm,current,01,人事室,,3230000,2025-01-06
        B220612340,陳美玲,chenml,current,01,秘書室,,3230000,2025-01-06
        F128934569,林志豪,linzh,departed,01,會計室,,3011400,2025-01-06
        """;

    public const string DirectoryCsv = """
        code,name,expected_oids,review_desk
        3230000,行政院人事行政總處,2.16.886.101.20003.20012,承保第一科
        3011400,財政部財政資訊中心,2.16.886.101.20003.20065,承保第二科
        """;
}
