namespace EndToEnd.Tests.CardSteps;

/// <summary>The card-step service on a PC with HiPKI Local Server and no card agent of ours (ServiceUnderTest.OnAHiPkiPc).</summary>
public class HiPkiFixture : CardStepFixture
{
    protected override bool OnAHiPkiPc => true;
}

/// <summary>The same PC before the user has added the service to HiPKI's trusted sites.</summary>
public sealed class UntrustedHiPkiFixture : HiPkiFixture
{
    protected override string[] HiPkiTrustedHosts => [];
}
