// Placeholder until the reading-state store lands; see issue 4.
print("folio-stress: not yet implemented")
