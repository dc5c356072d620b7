"""Puts a model in inference mode before scoring (a method named eval, not the builtin)."""


class Scorer:
    def __init__(self, model) -> None:
        self.model = model

    def score(self, batch):
        self.model.eval()
        return self.model(batch)
