using Domain.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Web.Messaging;

namespace Web.Tests.Messaging;

public class ModelStateRejectionsTests
{
    [Fact]
    public void Field_rejections_land_under_the_bound_property_and_others_in_the_summary()
    {
        var modelState = new ModelStateDictionary();

        modelState.AddRejections(
            [new Rejection("NATIONAL_ID_FORMAT", "格式不對。", "NationalId"), new Rejection("CONFLICT", "請重新整理。")],
            prefix: "Input");

        modelState["Input.NationalId"]!.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe("格式不對。");
        modelState[""]!.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe("請重新整理。");
        modelState.IsValid.ShouldBeFalse();
    }

    [Fact]
    public void Without_a_prefix_the_field_name_is_the_key()
    {
        var modelState = new ModelStateDictionary();

        modelState.AddRejections([new Rejection("X", "錯誤。", "MaxLag")]);

        modelState["MaxLag"]!.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe("錯誤。");
        modelState.Keys.ShouldBe(["MaxLag"]);
    }
}
