using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Web.Pages;

/// <summary>
/// The friendly error page for every failure: unhandled exceptions (re-executed here outside Development)
/// and error status codes (404, 400 …). It never shows exception details.
/// </summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public bool ShowRetry { get; private set; }

    public string? TraceId { get; private set; }

    // Any method: the status-code page re-executes the original request, which may have been a POST.
    public void OnGet(int? statusCode) => Describe(statusCode);

    public void OnPost(int? statusCode) => Describe(statusCode);

    private void Describe(int? statusCode)
    {
        var failed = HttpContext.Features.Get<IExceptionHandlerFeature>() is not null;
        var code = statusCode ?? (failed ? StatusCodes.Status500InternalServerError : Response.StatusCode);
        (Heading, Explanation, ShowRetry) = code switch
        {
            StatusCodes.Status404NotFound => ("找不到這個頁面", "您要找的頁面不存在，可能是網址有誤，或頁面已經移除。", false),
            StatusCodes.Status400BadRequest => ("無法處理這個要求", "頁面可能已經過期，或送出的資料不完整。請回到原頁面重新整理後，再送出一次。", true),
            StatusCodes.Status403Forbidden => ("沒有使用這個功能的權限", "您目前的身分不能使用這個功能。如有疑問，請洽貴機關的授權管理者。", false),
            StatusCodes.Status413PayloadTooLarge => ("送出的資料太大", "這個頁面不收這麼大的資料。請確認選對檔案或欄位內容後，再送出一次。", true),
            StatusCodes.Status429TooManyRequests => ("操作太頻繁，請稍候再試", "短時間內從您這裡（或用同一個帳號、同一張憑證）送出的要求太多，系統暫時不處理。請等一分鐘後再試。", true),
            StatusCodes.Status405MethodNotAllowed => ("無法處理這個要求", "這個頁面不接受這種操作方式，請從頁面上的按鈕或連結進行。", false),
            >= 500 => ("系統暫時無法處理", "系統發生問題，您剛才的操作沒有完成。請稍後再試；若一直發生，請聯絡客服。", true),
            _ => ("無法處理這個要求", "請回到首頁，再試一次。", true),
        };
        if (code >= 500)
            TraceId = Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier;
    }
}
