using Mediator;
using Web.CardSteps;
using Web.Navigation;
using Web.Pages.Registration.Wizard;

[assembly: FeatureLink("/Registration/Swap/Organisation/Index", "更換機關憑證", "機關憑證更換或展期後，以新的機關憑證及授權管理者的自然人憑證更新註冊資料。", FeatureGroup.Registration, Order = 20, InMainNav = true, Menu = "更換憑證", MenuTitle = "機關憑證")]

namespace Web.Pages.Registration.Swap.Organisation;

/// <summary>更換機關憑證 (seed 004, 六(一)): a new organisation card, confirmed with the registered manager's card.</summary>
public sealed class IndexModel(IMediator mediator, CardStepService cardSteps, IRegistrationWizardStore wizards, RegistrationFacts facts, TimeProvider time)
    : CardWizardPage(mediator, cardSteps, wizards, facts, time)
{
    public override WizardFlow Definition => WizardFlow.OrganisationSwap;
}
