using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Web.Navigation;
using Web.Tests.TestSupport;

namespace Web.Tests.Navigation;

public class FeatureCatalogTests(WebAppFactory factory) : IClassFixture<WebAppFactory>
{
    private LinkGenerator Links
    {
        get
        {
            using var warmUp = factory.CreateClient();
            return factory.Services.GetRequiredService<LinkGenerator>();
        }
    }

    [Fact]
    public void Every_feature_link_declared_in_the_Web_assembly_leads_to_a_page()
    {
        var declared = typeof(FeatureCatalog).Assembly.GetCustomAttributes<FeatureLinkAttribute>().ToList();

        var catalog = new FeatureCatalog(Links);

        declared.ShouldNotBeEmpty();
        catalog.All.Count.ShouldBe(declared.Count);
        catalog.All.ShouldContain(l => l.Title == "系統狀態" && l.Url == "/Health");
        catalog.All.ShouldAllBe(l => l.Url.StartsWith('/'));
    }

    [Fact]
    public void A_link_to_a_page_that_does_not_exist_is_refused()
    {
        var error = Should.Throw<InvalidOperationException>(() =>
            new FeatureCatalog(Links, [new FeatureLinkAttribute("/Registration/Nowhere", "不存在", "不存在的頁面。", FeatureGroup.Registration)]));

        error.Message.ShouldContain("/Registration/Nowhere");
    }

    [Fact]
    public void Links_are_listed_by_group_then_order_and_only_flagged_ones_enter_the_main_navigation()
    {
        var catalog = new FeatureCatalog(Links,
        [
            new FeatureLinkAttribute("/Index", "稽核", "回放歷史。", FeatureGroup.ReviewAndAudit) { Order = 1 },
            new FeatureLinkAttribute("/Index", "更換憑證", "換卡。", FeatureGroup.Registration) { Order = 20, InMainNav = true },
            new FeatureLinkAttribute("/Index", "首次註冊", "第一次註冊。", FeatureGroup.Registration) { Order = 10, InMainNav = true },
        ]);

        catalog.All.Select(l => l.Title).ShouldBe(["首次註冊", "更換憑證", "稽核"]);
        catalog.MainNav.Select(l => l.Title).ShouldBe(["首次註冊", "更換憑證"]);
        catalog.ByGroup.Select(g => FeatureCatalog.GroupTitle(g.Key)).ShouldBe(["註冊及更換憑證", "審核及稽核"]);
        catalog.All[0].Url.ShouldBe("/");
    }
}
