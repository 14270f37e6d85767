using Mediator;
using Web.CardSteps;
using Web.Navigation;
using Web.Pages.Registration.Wizard;

[assembly: FeatureLink("/Registration/First/Index", "首次註冊", "第一次使用本服務的機關：以機關憑證及授權管理者的自然人憑證完成註冊。", FeatureGroup.Registration, Order = 10, InMainNav = true)]

namespace Web.Pages.Registration.First;

/// <summary>首次註冊 (seed 004, 四): terms, organisation card with the agency code, manager card with the national ID, confirmation, result; an OID mismatch leads to the review request.</summary>
public sealed class IndexModel(IMediator mediator, CardStepService cardSteps, IRegistrationWizardStore wizards, RegistrationFacts facts, TimeProvider time)
    : CardWizardPage(mediator, cardSteps, wizards, facts, time)
{
    public override WizardFlow Definition => WizardFlow.First;
}
