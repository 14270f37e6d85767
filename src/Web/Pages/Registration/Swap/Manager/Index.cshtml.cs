using Mediator;
using Web.CardSteps;
using Web.Navigation;
using Web.Pages.Registration.Wizard;

[assembly: FeatureLink("/Registration/Swap/Manager/Index", "更換授權管理者自然人憑證", "授權管理者換人或自然人憑證更換後，以機關憑證及新的自然人憑證更新註冊資料。", FeatureGroup.Registration, Order = 30, InMainNav = true, Menu = "更換憑證", MenuTitle = "授權管理者自然人憑證")]

namespace Web.Pages.Registration.Swap.Manager;

/// <summary>更換授權管理者自然人憑證 (seed 004, 六(二)): the registered organisation card, then the new manager's card (possibly another person).</summary>
public sealed class IndexModel(IMediator mediator, CardStepService cardSteps, IRegistrationWizardStore wizards, RegistrationFacts facts, TimeProvider time)
    : CardWizardPage(mediator, cardSteps, wizards, facts, time)
{
    public override WizardFlow Definition => WizardFlow.ManagerSwap;
}
