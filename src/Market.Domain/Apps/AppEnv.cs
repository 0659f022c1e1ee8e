namespace Market.Domain.Apps;

/// <summary>An env value a user gives an operation: <c>{envName, value, valueFrom:{envName}}</c>.</summary>
public sealed record AppEnv(string EnvName, string Value = "", AppEnvRef? ValueFrom = null);

/// <summary>Maps an env onto a system or user variable (<c>valueFrom.envName</c>).</summary>
public sealed record AppEnvRef(string EnvName);

/// <summary>A clone's title for one entrance of the original: <c>{name, title}</c>.</summary>
public sealed record CloneEntrance(string Name, string Title);
