using Mediator;
using Web.CardSteps;
using Web.Navigation;
using Web.Pages.Registration.Wizard;

[assembly: FeatureLink("/Registration/Swap/Both/Index", "更換機關憑證和授權管理者自然人憑證", "兩張憑證同時更換時，一次更新機關憑證及授權管理者的自然人憑證。", FeatureGroup.Registration, Order = 40, InMainNav = true, Menu = "更換憑證", MenuTitle = "兩者一起更換")]

namespace Web.Pages.Registration.Swap.Both;

/// <summary>更換機關憑證和授權管理者自然人憑證 (seed 004, 六(三)): both cards new at once.</summary>
public sealed class IndexModel(IMediator mediator, CardStepService cardSteps, IRegistrationWizardStore wizards, RegistrationFacts facts, TimeProvider time)
    : CardWizardPage(mediator, cardSteps, wizards, facts, time)
{
    public override WizardFlow Definition => WizardFlow.BothSwap;
}
