package io.backstep.engine.debuginfo;

/** DWARF constants (DWARF 5 section 7, plus the GNU and WebAssembly extensions clang emits). */
public final class Dw {
    private Dw() {}

    // Tags
    public static final int TAG_array_type = 0x01, TAG_class_type = 0x02, TAG_enumeration_type = 0x04,
            TAG_formal_parameter = 0x05, TAG_label = 0x0a, TAG_inheritance = 0x1c, TAG_template_type_parameter = 0x2f, TAG_lexical_block = 0x0b, TAG_member = 0x0d, TAG_pointer_type = 0x0f,
            TAG_reference_type = 0x10, TAG_compile_unit = 0x11, TAG_structure_type = 0x13,
            TAG_subroutine_type = 0x15, TAG_typedef = 0x16, TAG_union_type = 0x17,
            TAG_unspecified_parameters = 0x18, TAG_variant = 0x19, TAG_inlined_subroutine = 0x1d,
            TAG_ptr_to_member_type = 0x1f, TAG_subrange_type = 0x21, TAG_base_type = 0x24,
            TAG_const_type = 0x26, TAG_enumerator = 0x28, TAG_subprogram = 0x2e, TAG_variable = 0x34,
            TAG_volatile_type = 0x35, TAG_restrict_type = 0x37, TAG_namespace = 0x39,
            TAG_unspecified_type = 0x3b, TAG_partial_unit = 0x3c, TAG_rvalue_reference_type = 0x42,
            TAG_atomic_type = 0x47, TAG_call_site = 0x48, TAG_call_site_parameter = 0x49,
            TAG_skeleton_unit = 0x4a, TAG_type_unit = 0x41, TAG_GNU_call_site = 0x4109,
            TAG_GNU_call_site_parameter = 0x410a;

    // Attributes
    public static final int AT_sibling = 0x01, AT_location = 0x02, AT_name = 0x03, AT_byte_size = 0x0b,
            AT_stmt_list = 0x10, AT_low_pc = 0x11, AT_high_pc = 0x12, AT_language = 0x13,
            AT_comp_dir = 0x1b, AT_const_value = 0x1c, AT_inline = 0x20, AT_producer = 0x25,
            AT_prototyped = 0x27, AT_lower_bound = 0x22, AT_count = 0x37, AT_upper_bound = 0x2f,
            AT_abstract_origin = 0x31, AT_bit_size = 0x0d, AT_bit_offset = 0x0c,
            AT_data_member_location = 0x38, AT_decl_file = 0x3a, AT_decl_line = 0x3b,
            AT_declaration = 0x3c, AT_encoding = 0x3e, AT_external = 0x3f, AT_frame_base = 0x40,
            AT_specification = 0x47, AT_type = 0x49, AT_ranges = 0x55, AT_data_bit_offset = 0x6b,
            AT_entry_pc = 0x52, AT_call_column = 0x57, AT_call_file = 0x58, AT_call_line = 0x59,
            AT_linkage_name = 0x6e, AT_MIPS_linkage_name = 0x2007, AT_str_offsets_base = 0x72,
            AT_addr_base = 0x73, AT_rnglists_base = 0x74, AT_loclists_base = 0x8c,
            AT_decl_column = 0x39, AT_artificial = 0x34, AT_enum_class = 0x6d;

    // Forms
    public static final int FORM_addr = 0x01, FORM_block2 = 0x03, FORM_block4 = 0x04, FORM_data2 = 0x05,
            FORM_data4 = 0x06, FORM_data8 = 0x07, FORM_string = 0x08, FORM_block = 0x09, FORM_block1 = 0x0a,
            FORM_data1 = 0x0b, FORM_flag = 0x0c, FORM_sdata = 0x0d, FORM_strp = 0x0e, FORM_udata = 0x0f,
            FORM_ref_addr = 0x10, FORM_ref1 = 0x11, FORM_ref2 = 0x12, FORM_ref4 = 0x13, FORM_ref8 = 0x14,
            FORM_ref_udata = 0x15, FORM_indirect = 0x16, FORM_sec_offset = 0x17, FORM_exprloc = 0x18,
            FORM_flag_present = 0x19, FORM_strx = 0x1a, FORM_addrx = 0x1b, FORM_ref_sup4 = 0x1c,
            FORM_strp_sup = 0x1d, FORM_data16 = 0x1e, FORM_line_strp = 0x1f, FORM_ref_sig8 = 0x20,
            FORM_implicit_const = 0x21, FORM_loclistx = 0x22, FORM_rnglistx = 0x23, FORM_ref_sup8 = 0x24,
            FORM_strx1 = 0x25, FORM_strx2 = 0x26, FORM_strx3 = 0x27, FORM_strx4 = 0x28, FORM_addrx1 = 0x29,
            FORM_addrx2 = 0x2a, FORM_addrx3 = 0x2b, FORM_addrx4 = 0x2c, FORM_GNU_addr_index = 0x1f01,
            FORM_GNU_str_index = 0x1f02, FORM_GNU_ref_alt = 0x1f20, FORM_GNU_strp_alt = 0x1f21;

    // Base type encodings
    public static final int ATE_address = 0x1, ATE_boolean = 0x2, ATE_complex_float = 0x3, ATE_float = 0x4,
            ATE_signed = 0x5, ATE_signed_char = 0x6, ATE_unsigned = 0x7, ATE_unsigned_char = 0x8, ATE_UTF = 0x10;

    // Expression operations
    public static final int OP_addr = 0x03, OP_deref = 0x06, OP_const1u = 0x08, OP_const1s = 0x09,
            OP_const2u = 0x0a, OP_const2s = 0x0b, OP_const4u = 0x0c, OP_const4s = 0x0d, OP_const8u = 0x0e,
            OP_const8s = 0x0f, OP_constu = 0x10, OP_consts = 0x11, OP_dup = 0x12, OP_drop = 0x13,
            OP_over = 0x14, OP_pick = 0x15, OP_swap = 0x16, OP_rot = 0x17, OP_abs = 0x19, OP_and = 0x1a,
            OP_div = 0x1b, OP_minus = 0x1c, OP_mod = 0x1d, OP_mul = 0x1e, OP_neg = 0x1f, OP_not = 0x20,
            OP_or = 0x21, OP_plus = 0x22, OP_plus_uconst = 0x23, OP_shl = 0x24, OP_shr = 0x25, OP_shra = 0x26,
            OP_xor = 0x27, OP_bra = 0x28, OP_eq = 0x29, OP_ge = 0x2a, OP_gt = 0x2b, OP_le = 0x2c, OP_lt = 0x2d,
            OP_ne = 0x2e, OP_skip = 0x2f, OP_lit0 = 0x30, OP_lit31 = 0x4f, OP_reg0 = 0x50, OP_reg31 = 0x6f,
            OP_breg0 = 0x70, OP_breg31 = 0x8f, OP_regx = 0x90, OP_fbreg = 0x91, OP_bregx = 0x92,
            OP_piece = 0x93, OP_deref_size = 0x94, OP_nop = 0x96, OP_call_frame_cfa = 0x9c,
            OP_bit_piece = 0x9d, OP_implicit_value = 0x9e, OP_stack_value = 0x9f, OP_addrx = 0xa1,
            OP_constx = 0xa2, OP_entry_value = 0xa3, OP_GNU_entry_value = 0xf3, OP_WASM_location = 0xed,
            OP_GNU_addr_index = 0xfb, OP_form_tls_address = 0x9b, OP_GNU_push_tls_address = 0xe0, OP_GNU_const_index = 0xfc;

    // Line number program
    public static final int LNS_copy = 1, LNS_advance_pc = 2, LNS_advance_line = 3, LNS_set_file = 4,
            LNS_set_column = 5, LNS_negate_stmt = 6, LNS_set_basic_block = 7, LNS_const_add_pc = 8,
            LNS_fixed_advance_pc = 9, LNS_set_prologue_end = 10, LNS_set_epilogue_begin = 11, LNS_set_isa = 12;
    public static final int LNE_end_sequence = 1, LNE_set_address = 2, LNE_define_file = 3, LNE_set_discriminator = 4;
    public static final int LNCT_path = 1, LNCT_directory_index = 2, LNCT_timestamp = 3, LNCT_size = 4, LNCT_MD5 = 5;

    // Unit types (DWARF 5)
    public static final int UT_compile = 1, UT_type = 2, UT_partial = 3, UT_skeleton = 4, UT_split_compile = 5,
            UT_split_type = 6;

    // Range and location list entries (DWARF 5)
    public static final int RLE_end_of_list = 0, RLE_base_addressx = 1, RLE_startx_endx = 2, RLE_startx_length = 3,
            RLE_offset_pair = 4, RLE_base_address = 5, RLE_start_end = 6, RLE_start_length = 7;
    public static final int LLE_end_of_list = 0, LLE_base_addressx = 1, LLE_startx_endx = 2, LLE_startx_length = 3,
            LLE_offset_pair = 4, LLE_default_location = 5, LLE_base_address = 6, LLE_start_end = 7,
            LLE_start_length = 8;

    /** The name of a tag ("DW_TAG_variable"), or its hex value. */
    public static String tagName(int tag) {
        for (var f : Dw.class.getFields()) {
            if (f.getName().startsWith("TAG_") && f.getType() == int.class) {
                try {
                    if (f.getInt(null) == tag) return "DW_" + f.getName();
                } catch (IllegalAccessException e) {
                    break;
                }
            }
        }
        return "DW_TAG_0x" + Integer.toHexString(tag);
    }
}
