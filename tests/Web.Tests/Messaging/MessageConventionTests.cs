using FluentValidation;
using Mediator;
using Web.Messaging;

namespace Web.Tests.Messaging;

/// <summary>
/// The validation pipeline only wraps messages whose response is an outcome: a message answering anything
/// else would have its validators silently skipped, so none may exist.
/// </summary>
public class MessageConventionTests
{
    private static readonly Type[] WebTypes = typeof(Outcome<>).Assembly.GetTypes();

    private static Type? ResponseOf(Type message) =>
        message.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d && (d == typeof(ICommand<>) || d == typeof(IQuery<>) || d == typeof(IRequest<>)))
            .Select(i => i.GetGenericArguments()[0])
            .FirstOrDefault();

    [Fact]
    public void Every_command_and_query_of_the_Web_assembly_answers_an_outcome()
    {
        var messages = WebTypes.Where(t => !t.IsAbstract && typeof(IMessage).IsAssignableFrom(t)).ToList();

        messages.ShouldNotBeEmpty();
        messages.ShouldAllBe(m => ResponseOf(m) != null && ResponseOf(m)!.IsGenericType && ResponseOf(m)!.GetGenericTypeDefinition() == typeof(Outcome<>));
    }

    [Fact]
    public void Every_validator_of_the_Web_assembly_validates_a_command_or_query()
    {
        var validated = WebTypes
            .Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(AbstractValidator<>))
            .Select(t => t.BaseType!.GetGenericArguments()[0])
            .ToList();

        validated.ShouldNotBeEmpty();
        validated.ShouldAllBe(m => typeof(IMessage).IsAssignableFrom(m));
    }
}
