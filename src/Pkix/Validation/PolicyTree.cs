namespace Pkix.Validation;

/// <summary>
/// RFC 5280 §6.1 certificate policy processing: the valid_policy_tree with explicit_policy,
/// policy_mapping and inhibit_anyPolicy, the four initial inputs of §6.1.1 (c)–(f), and the
/// intersection with the user-initial-policy-set of §6.1.5 (g). The tree is capped so a crafted
/// path cannot explode it.
/// </summary>
internal sealed class PolicyTree
{
    private const int MaxNodes = 10_000;

    private sealed class Node(string policy, HashSet<string> expected, Node? parent)
    {
        public string Policy { get; } = policy;
        public HashSet<string> Expected { get; set; } = expected;
        public Node? Parent { get; } = parent;
        public int Children { get; set; }
    }

    private readonly List<List<Node>> _levels = [];
    private readonly int _pathLength;
    private readonly IReadOnlySet<string>? _initialPolicySet;
    private int _explicitPolicy;
    private int _policyMapping;
    private int _inhibitAnyPolicy;
    private int _nodeCount;
    private bool _treeIsNull;

    /// <param name="pathLength">n: the certificates processed, anchor excluded.</param>
    /// <param name="initialPolicySet">user-initial-policy-set; null for {anyPolicy}.</param>
    public PolicyTree(int pathLength, IReadOnlySet<string>? initialPolicySet = null, bool initialExplicitPolicy = false,
        bool initialPolicyMappingInhibit = false, bool initialAnyPolicyInhibit = false)
    {
        _pathLength = pathLength;
        _initialPolicySet = initialPolicySet is null || initialPolicySet.Contains(Oids.AnyPolicy) ? null : initialPolicySet;
        _explicitPolicy = initialExplicitPolicy ? 0 : pathLength + 1;
        _policyMapping = initialPolicyMappingInhibit ? 0 : pathLength + 1;
        _inhibitAnyPolicy = initialAnyPolicyInhibit ? 0 : pathLength + 1;
        _levels.Add([new Node(Oids.AnyPolicy, [Oids.AnyPolicy], null)]);
    }

    /// <summary>Processes certificate i (1-based, leaf = n); returns a reason on failure.</summary>
    public string? Process(PkixCertificate certificate, int i)
    {
        var isLast = i == _pathLength;
        if (!_treeIsNull && certificate.Policies is { } policies)
        {
            var previous = _levels[i - 1];
            var level = new List<Node>();
            _levels.Add(level);
            foreach (var policy in policies.Where(p => p != Oids.AnyPolicy))
            {
                var parents = previous.Where(n => n.Expected.Contains(policy)).ToList();
                if (parents.Count == 0)
                    parents = previous.Where(n => n.Policy == Oids.AnyPolicy).ToList();
                foreach (var parent in parents)
                {
                    if (!AddChild(level, parent, policy, [policy]))
                        return "the certificate policy tree grew beyond its limit";
                }
            }

            if (policies.Contains(Oids.AnyPolicy) && (_inhibitAnyPolicy > 0 || (!isLast && certificate.IsSelfIssued)))
            {
                foreach (var parent in previous)
                {
                    foreach (var expected in parent.Expected)
                    {
                        if (level.Any(n => n.Parent == parent && n.Policy == expected))
                            continue;
                        if (!AddChild(level, parent, expected, [expected]))
                            return "the certificate policy tree grew beyond its limit";
                    }
                }
            }

            Prune(i);
        }
        else
        {
            _treeIsNull = true;
        }

        if (_explicitPolicy <= 0 && _treeIsNull)
            return "no acceptable certificate policy while an explicit policy is required";
        if (isLast)
            return null;

        if (certificate.PolicyMappings is { } mappings)
        {
            if (mappings.Any(m => m.IssuerDomainPolicy == Oids.AnyPolicy || m.SubjectDomainPolicy == Oids.AnyPolicy))
                return "a policy mapping to or from anyPolicy";
            if (!_treeIsNull)
                ApplyMappings(mappings, i);
        }

        if (!certificate.IsSelfIssued)
        {
            if (_explicitPolicy > 0) _explicitPolicy--;
            if (_policyMapping > 0) _policyMapping--;
            if (_inhibitAnyPolicy > 0) _inhibitAnyPolicy--;
        }

        if (certificate.RequireExplicitPolicy is { } require && require < _explicitPolicy)
            _explicitPolicy = require;
        if (certificate.InhibitPolicyMapping is { } inhibitMapping && inhibitMapping < _policyMapping)
            _policyMapping = inhibitMapping;
        if (certificate.InhibitAnyPolicy is { } inhibitAny && inhibitAny < _inhibitAnyPolicy)
            _inhibitAnyPolicy = inhibitAny;
        return null;
    }

    /// <summary>RFC 5280 §6.1.5 (a), (b), (g) and the final check; call after processing the leaf.</summary>
    public string? WrapUp(PkixCertificate leaf)
    {
        if (_explicitPolicy > 0) _explicitPolicy--;
        if (leaf.RequireExplicitPolicy == 0) _explicitPolicy = 0;
        if (!_treeIsNull && _initialPolicySet is { } initial)
            IntersectWith(initial);
        return _explicitPolicy > 0 || !_treeIsNull ? null : "no acceptable certificate policy while an explicit policy is required";
    }

    // §6.1.5 (g) (iii): keep only the branches whose policy, where it leaves anyPolicy, is one the user accepts.
    private void IntersectWith(IReadOnlySet<string> initial)
    {
        var validPolicyNodes = _levels.SelectMany((level, depth) => level.Select(node => (node, depth)))
            .Where(p => p.node.Parent is { Policy: Oids.AnyPolicy }).ToList();
        foreach (var (node, depth) in validPolicyNodes)
        {
            if (node.Policy != Oids.AnyPolicy && !initial.Contains(node.Policy))
                RemoveSubtree(node, depth);
        }

        var leafLevel = _levels[_pathLength];
        if (leafLevel.FirstOrDefault(n => n.Policy == Oids.AnyPolicy) is { Parent: { } parent } anyLeaf)
        {
            var present = validPolicyNodes.Select(p => p.node.Policy).ToHashSet();
            foreach (var policy in initial.Where(p => !present.Contains(p)))
                AddChild(leafLevel, parent, policy, [policy]);
            RemoveSubtree(anyLeaf, _pathLength);
        }

        Prune(_pathLength);
    }

    private void RemoveSubtree(Node node, int depth)
    {
        if (!_levels[depth].Remove(node))
            return;
        node.Parent!.Children--;
        var removed = new HashSet<Node> { node };
        for (var d = depth + 1; d < _levels.Count; d++)
        {
            foreach (var child in _levels[d].Where(n => removed.Contains(n.Parent!)).ToList())
            {
                _levels[d].Remove(child);
                removed.Add(child);
            }
        }
    }

    private void ApplyMappings(IReadOnlyList<PolicyMapping> mappings, int i)
    {
        var level = _levels[i];
        foreach (var issuerPolicy in mappings.Select(m => m.IssuerDomainPolicy).Distinct())
        {
            var mapped = mappings.Where(m => m.IssuerDomainPolicy == issuerPolicy).Select(m => m.SubjectDomainPolicy).ToHashSet();
            var nodes = level.Where(n => n.Policy == issuerPolicy).ToList();
            if (_policyMapping > 0)
            {
                if (nodes.Count > 0)
                {
                    foreach (var node in nodes)
                        node.Expected = mapped;
                }
                else if (level.FirstOrDefault(n => n.Policy == Oids.AnyPolicy) is { } any)
                {
                    AddChild(level, any.Parent!, issuerPolicy, mapped);
                }
            }
            else
            {
                foreach (var node in nodes)
                {
                    level.Remove(node);
                    node.Parent!.Children--;
                }
            }
        }

        if (_policyMapping <= 0)
            Prune(i);
    }

    private bool AddChild(List<Node> level, Node parent, string policy, HashSet<string> expected)
    {
        if (++_nodeCount > MaxNodes)
            return false;
        level.Add(new Node(policy, expected, parent));
        parent.Children++;
        return true;
    }

    // Deletes childless nodes above depth i, bottom up; the tree becomes null when the root goes.
    private void Prune(int depth)
    {
        for (var d = depth - 1; d >= 0; d--)
        {
            foreach (var node in _levels[d].Where(n => n.Children == 0).ToList())
            {
                _levels[d].Remove(node);
                if (node.Parent is { } parent)
                    parent.Children--;
            }
        }

        if (_levels[0].Count == 0)
            _treeIsNull = true;
    }
}
