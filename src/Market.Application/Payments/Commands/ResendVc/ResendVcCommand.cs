using System.Text.Json.Nodes;
using Mediator;
using Market.Application.Payments.Models;

namespace Market.Application.Payments.Commands.ResendVc;

/// <summary>Hands the licence of a confirmed purchase to LarePass again (<c>save_payment_vc</c>).</summary>
public sealed record ResendVcCommand(string User, string? ProductId) : ICommand<VcResentDto>;
