using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection;
using Web.Htmx;

namespace Web.Tests.Htmx;

public class HtmxExtensionsTests
{
    private sealed class StepPage : PageModel;

    private static StepPage PageWith(params (string Name, string Value)[] headers)
    {
        var metadata = new EmptyModelMetadataProvider();
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddSingleton<IModelMetadataProvider>(metadata).BuildServiceProvider(),
        };
        foreach (var (name, value) in headers)
            context.Request.Headers[name] = value;
        var viewData = new ViewDataDictionary(metadata, new ModelStateDictionary());
        return new StepPage { PageContext = new PageContext { HttpContext = context, ViewData = viewData } };
    }

    [Fact]
    public void An_htmx_request_gets_the_step_partial_with_the_page_as_model()
    {
        var page = PageWith(("HX-Request", "true"));

        var result = page.PartialOrPage("_VerifyCard").ShouldBeOfType<PartialViewResult>();

        result.ViewName.ShouldBe("_VerifyCard");
        result.Model.ShouldBeSameAs(page);
    }

    [Fact]
    public void A_plain_form_post_gets_the_whole_page() =>
        PageWith().PartialOrPage("_VerifyCard").ShouldBeOfType<PageResult>();

    [Fact]
    public void A_boosted_request_gets_the_whole_page() =>
        PageWith(("HX-Request", "true"), ("HX-Boosted", "true")).PartialOrPage("_VerifyCard").ShouldBeOfType<PageResult>();

    [Fact]
    public void A_partial_can_have_its_own_model()
    {
        var model = new object();

        PageWith(("HX-Request", "true")).PartialOrPage("_Result", model).ShouldBeOfType<PartialViewResult>().Model.ShouldBeSameAs(model);
    }
}
