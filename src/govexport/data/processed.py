"""data/processed/: the coded tables, generated from raw + codebook with the default parameters."""

from ..paths import project_root
from ..plaintext import neutralise_frame
from .coding import program_states
from .dataset import load_dataset
from .schema import field_names


def frames_of(programs, root=None):
    """The processed tables of a set of coded programs, columns in schema order."""
    programs = programs[field_names("programs", root)]
    return {"programs": programs, "program_states": program_states(programs)[field_names("program_states", root)]}


def processed_frames(root=None):
    """The committed processed tables: every row of Table 1, coded with the default parameters."""
    return frames_of(load_dataset({}, root).coded, root)


def write_processed(root=None):
    """Write every processed table; all are computed first, so a failure writes nothing."""
    root = root or project_root()
    return write_frames(processed_frames(root), root / "data" / "processed")


def write_frames(frames, folder):
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in frames.items():
        path = folder / f"{name}.csv"
        # no cell a spreadsheet would run as a formula (plaintext.neutralise)
        path.write_text(neutralise_frame(frame).to_csv(index=False, lineterminator="\n"), encoding="utf-8")
        paths.append(path)
    return paths
