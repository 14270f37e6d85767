namespace DemoHost.DemoData;

/// <summary>
/// The government office calendar for 2025–2027 in the import format (<c>date,name,kind</c>).
/// 2025 and 2026 follow the Directorate-General of Personnel Administration's calendars (中華民國114年辦公日曆表
/// as revised on 2025-06-13 for the three holidays added by 紀念日及節日實施條例, and 中華民國115年辦公日曆表).
/// 2027 is not published yet: its dates are worked out from the lunar calendar and the make-up rules
/// (a holiday on a Saturday is made up on the working day before, on a Sunday on the working day after) and
/// each carries （推估）; replace it with the official calendar when it appears.
/// </summary>
public static class DemoHolidays
{
    public const string Csv = """
        date,name,kind
        2025-01-01,開國紀念日,holiday
        2025-01-27,除夕前一日（調整放假）,holiday
        2025-01-28,農曆除夕,holiday
        2025-01-29,春節,holiday
        2025-01-30,春節,holiday
        2025-01-31,春節,holiday
        2025-02-08,補行上班（1月27日調整放假）,workday
        2025-02-28,和平紀念日,holiday
        2025-04-03,兒童節（與民族掃墓節同日，於前一日放假）,holiday
        2025-04-04,民族掃墓節,holiday
        2025-05-30,端午節補假,holiday
        2025-05-31,端午節,holiday
        2025-09-28,孔子誕辰紀念日／教師節,holiday
        2025-09-29,孔子誕辰紀念日補假,holiday
        2025-10-06,中秋節,holiday
        2025-10-10,國慶日,holiday
        2025-10-24,臺灣光復暨金門古寧頭大捷紀念日補假,holiday
        2025-10-25,臺灣光復暨金門古寧頭大捷紀念日,holiday
        2025-12-25,行憲紀念日,holiday
        2026-01-01,開國紀念日,holiday
        2026-02-15,除夕前一日,holiday
        2026-02-16,農曆除夕,holiday
        2026-02-17,春節,holiday
        2026-02-18,春節,holiday
        2026-02-19,春節,holiday
        2026-02-20,除夕前一日補假,holiday
        2026-02-27,和平紀念日補假,holiday
        2026-02-28,和平紀念日,holiday
        2026-04-03,兒童節補假,holiday
        2026-04-04,兒童節,holiday
        2026-04-05,民族掃墓節,holiday
        2026-04-06,民族掃墓節補假,holiday
        2026-05-01,勞動節,holiday
        2026-06-19,端午節,holiday
        2026-09-25,中秋節,holiday
        2026-09-28,孔子誕辰紀念日／教師節,holiday
        2026-10-09,國慶日補假,holiday
        2026-10-10,國慶日,holiday
        2026-10-25,臺灣光復暨金門古寧頭大捷紀念日,holiday
        2026-10-26,臺灣光復暨金門古寧頭大捷紀念日補假,holiday
        2026-12-25,行憲紀念日,holiday
        2027-01-01,開國紀念日（推估）,holiday
        2027-02-04,除夕前一日（推估）,holiday
        2027-02-05,農曆除夕（推估）,holiday
        2027-02-06,春節（推估）,holiday
        2027-02-07,春節（推估）,holiday
        2027-02-08,春節（推估）,holiday
        2027-02-09,春節補假（推估）,holiday
        2027-02-10,春節補假（推估）,holiday
        2027-02-28,和平紀念日（推估）,holiday
        2027-03-01,和平紀念日補假（推估）,holiday
        2027-04-04,兒童節（推估）,holiday
        2027-04-05,民族掃墓節（推估）,holiday
        2027-04-06,兒童節補假（推估）,holiday
        2027-04-30,勞動節補假（推估）,holiday
        2027-05-01,勞動節（推估）,holiday
        2027-06-09,端午節（推估）,holiday
        2027-09-15,中秋節（推估）,holiday
        2027-09-28,孔子誕辰紀念日／教師節（推估）,holiday
        2027-10-10,國慶日（推估）,holiday
        2027-10-11,國慶日補假（推估）,holiday
        2027-10-25,臺灣光復暨金門古寧頭大捷紀念日（推估）,holiday
        2027-12-24,行憲紀念日補假（推估）,holiday
        2027-12-25,行憲紀念日（推估）,holiday

        """;
}
