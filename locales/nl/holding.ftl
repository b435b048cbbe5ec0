# Eén houder per beoordeling, de standaardwachtrij, overgenomen oordelen
reviews-status-actionable = Te behandelen: wachtend, en die u in behandeling hebt
