using System.ComponentModel.DataAnnotations;
using Domain.Common;
using FluentValidation;
using Mediator;
using Web.Messaging;
using Web.Validation;

namespace Web.Tests.Messaging;

public class ValidationBehaviorTests
{
    public sealed record AddHandlerGrant(
        [property: Display(Name = "身分證統一編號")] string? NationalId,
        [property: Display(Name = "姓名")] string? Name) : ICommand<Outcome<string>>;

    private sealed class AddHandlerGrantValidator : AbstractValidator<AddHandlerGrant>
    {
        public AddHandlerGrantValidator()
        {
            RuleFor(c => c.NationalId).MustBeNationalId();
            RuleFor(c => c.Name).NotEmpty().MaximumLength(20);
        }
    }

    private sealed class NameIsNotAdminValidator : AbstractValidator<AddHandlerGrant>
    {
        public NameIsNotAdminValidator() =>
            RuleFor(c => c.Name).NotEqual("admin").WithErrorCode("NAME_RESERVED").WithMessage("這個名稱不能使用。");
    }

    private sealed class LongNameWarning : AbstractValidator<AddHandlerGrant>
    {
        public LongNameWarning() =>
            RuleFor(c => c.Name).MaximumLength(3).WithSeverity(Severity.Warning);
    }

    private int _handlerCalls;

    public ValidationBehaviorTests() => ValidationSetup.ApplyGlobalSettings();

    private ValueTask<Outcome<string>> Handler(AddHandlerGrant command, CancellationToken cancellationToken)
    {
        _handlerCalls++;
        return ValueTask.FromResult<Outcome<string>>($"added {command.Name}");
    }

    private ValueTask<Outcome<string>> Run(AddHandlerGrant command, params IValidator<AddHandlerGrant>[] validators) =>
        new ValidationBehavior<AddHandlerGrant, Outcome<string>>(validators).Handle(command, Handler, CancellationToken.None);

    [Fact]
    public async Task A_valid_message_reaches_the_handler()
    {
        var outcome = await Run(new AddHandlerGrant("A123456789", "王小明"), new AddHandlerGrantValidator());

        outcome.Value.ShouldBe("added 王小明");
        _handlerCalls.ShouldBe(1);
    }

    [Fact]
    public async Task An_invalid_message_comes_back_as_field_rejections_and_the_handler_never_runs()
    {
        var outcome = await Run(new AddHandlerGrant("A123456788", ""), new AddHandlerGrantValidator());

        _handlerCalls.ShouldBe(0);
        outcome.Succeeded.ShouldBeFalse();
        outcome.Rejections.Select(r => (r.Field, r.Code)).ShouldBe(
            [("NationalId", "NATIONAL_ID_CHECKSUM"), ("Name", "NotEmptyValidator")]);
        outcome.Rejections[0].Message.ShouldBe("身分證統一編號的檢查碼不正確，請再核對一次。");
        outcome.Rejections[1].Message.ShouldContain("姓名");
    }

    [Fact]
    public async Task Failures_of_every_validator_of_the_message_are_collected()
    {
        var outcome = await Run(new AddHandlerGrant("B", "admin"), new AddHandlerGrantValidator(), new NameIsNotAdminValidator());

        outcome.Rejections.Select(r => r.Code).ShouldBe(["NATIONAL_ID_FORMAT", "NAME_RESERVED"]);
        _handlerCalls.ShouldBe(0);
    }

    [Fact]
    public async Task Warnings_do_not_stop_the_handler()
    {
        var outcome = await Run(new AddHandlerGrant("A123456789", "歐陽娜娜娜"), new LongNameWarning());

        outcome.Succeeded.ShouldBeTrue();
        _handlerCalls.ShouldBe(1);
    }

    [Fact]
    public async Task A_message_without_validators_goes_straight_to_the_handler()
    {
        var outcome = await Run(new AddHandlerGrant(null, null));

        outcome.Succeeded.ShouldBeTrue();
        _handlerCalls.ShouldBe(1);
    }

    [Fact]
    public void A_failure_without_a_property_becomes_a_form_level_rejection()
    {
        var rejection = ValidationBehavior<AddHandlerGrant, Outcome<string>>.ToRejection(
            new FluentValidation.Results.ValidationFailure("", "兩張卡片必須屬於同一個機關。") { ErrorCode = "CARDS_MISMATCH" });

        rejection.ShouldBe(new Rejection("CARDS_MISMATCH", "兩張卡片必須屬於同一個機關。", null));
    }
}
