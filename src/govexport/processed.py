"""data/processed/: the coded tables, generated from raw + codebook with the default parameters."""

from .coding import program_states
from .dataset import load_dataset
from .paths import project_root
from .schema import field_names


def processed_frames(root=None):
    data = load_dataset({}, root)
    programs = data.coded[field_names("programs", root)]
    return {"programs": programs, "program_states": program_states(programs)[field_names("program_states", root)]}


def write_processed(root=None):
    """Write every processed table; all are computed first, so a failure writes nothing."""
    root = root or project_root()
    frames = processed_frames(root)
    folder = root / "data" / "processed"
    folder.mkdir(exist_ok=True)
    paths = []
    for name, frame in frames.items():
        path = folder / f"{name}.csv"
        path.write_text(frame.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
        paths.append(path)
    return paths
